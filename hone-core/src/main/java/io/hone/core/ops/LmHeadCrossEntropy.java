package io.hone.core.ops;

import io.hone.core.kernel.Gemm;
import io.hone.core.kernel.Parallel;

/**
 * lm_head + causal-LM cross-entropy fused over row chunks, so the [tokens, vocab] logits and their gradient are never
 * materialised: for each chunk of counted rows, logits = h·Wᵀ, then softmax/loss/dlogits in place, then
 * dh += dlogits·W and (trainable head) dW += dlogitsᵀ·h. Rows whose target is ignored are skipped entirely.
 */
public final class LmHeadCrossEntropy {
    /**
     * Upper bound on one chunk's logits buffer, in floats (64 MiB): each chunk streams the whole head weight through
     * two GEMMs, so fewer, taller chunks pack it fewer times (~340 rows for a 49k vocabulary).
     */
    public static final int CHUNK_FLOATS = 1 << 24;

    private LmHeadCrossEntropy() {}

    /**
     * @param hidden  final-normed hidden states [rows, dim]
     * @param weight  head weight [vocab, dim] (the embedding table when tied)
     * @param targets shifted targets per row ({@link CrossEntropy#causalTargets})
     * @param dHidden accumulates dL/dhidden [rows, dim]; may be null (loss only)
     * @param dWeight accumulates dL/dW [vocab, dim] when the head is trainable; may be null
     * @return mean loss over counted rows (NaN when none count)
     */
    public static double run(float[] hidden, int rows, int dim, float[] weight, int vocab, int[] targets,
                             float[] dHidden, float[] dWeight, int chunkRows) {
        int count = CrossEntropy.counted(targets);
        if (count == 0) return Double.NaN;
        int[] idx = new int[count];
        for (int r = 0, n = 0; r < rows; r++) if (targets[r] != CrossEntropy.IGNORE) idx[n++] = r;
        int chunk = Math.max(1, Math.min(count, chunkRows > 0 ? chunkRows : CHUNK_FLOATS / vocab));
        float[] h = new float[chunk * dim], logits = new float[chunk * vocab], dh = new float[chunk * dim];
        float scale = 1f / count;
        double total = 0;
        for (int c0 = 0; c0 < count; c0 += chunk) {
            int m = Math.min(chunk, count - c0);
            for (int i = 0; i < m; i++) System.arraycopy(hidden, idx[c0 + i] * dim, h, i * dim, dim);
            Gemm.nt(m, vocab, dim, h, 0, weight, 0, logits, 0, false);
            double[] losses = new double[m];
            int first = c0;
            Parallel.forRange(m, (from, to) -> {
                for (int i = from; i < to; i++) losses[i] = CrossEntropy.rowInPlace(logits, i * vocab, vocab, targets[idx[first + i]], scale);
            });
            for (double l : losses) total += l;
            if (dHidden != null) {
                Gemm.nn(m, dim, vocab, logits, 0, weight, 0, dh, 0, false);
                for (int i = 0; i < m; i++) {
                    int o = idx[c0 + i] * dim;
                    for (int j = 0; j < dim; j++) dHidden[o + j] += dh[i * dim + j];
                }
            }
            if (dWeight != null) Gemm.tn(vocab, dim, m, logits, 0, h, 0, dWeight, 0, true);
        }
        return total / count;
    }
}
