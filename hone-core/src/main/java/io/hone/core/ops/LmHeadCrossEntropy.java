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
        return weighted(hidden, rows, dim, weight, vocab, targets, null, 1f / count, null, dHidden, dWeight, chunkRows) / count;
    }

    /**
     * Per-row losses and a weighted gradient, for objectives that are not the mean cross-entropy (preference and policy
     * losses): the loss of row r is −log softmax(h_r·Wᵀ)[target_r] and its gradient enters scaled by {@code rowScale[r]}
     * (dL/dloss_r). Rows whose target is ignored, or whose scale is 0 when only gradients are asked for, are skipped.
     *
     * @param rowScale dL/dloss per row; null = every row 1 (used when only {@code rowLoss} is wanted)
     * @param rowLoss  receives each counted row's loss (double); may be null
     * @return the sum of the counted rows' losses
     */
    public static double weighted(float[] hidden, int rows, int dim, float[] weight, int vocab, int[] targets,
                                  float[] rowScale, double[] rowLoss, float[] dHidden, float[] dWeight, int chunkRows) {
        return weighted(hidden, rows, dim, weight, vocab, targets, rowScale, 1f, rowLoss, dHidden, dWeight, chunkRows);
    }

    private static double weighted(float[] hidden, int rows, int dim, float[] weight, int vocab, int[] targets, float[] rowScale,
                                   float scale, double[] rowLoss, float[] dHidden, float[] dWeight, int chunkRows) {
        boolean grads = dHidden != null || dWeight != null;
        int count = 0;
        for (int r = 0; r < rows; r++) if (counts(targets, rowScale, r, grads, rowLoss)) count++;
        if (count == 0) return 0;
        int[] idx = new int[count];
        for (int r = 0, n = 0; r < rows; r++) if (counts(targets, rowScale, r, grads, rowLoss)) idx[n++] = r;
        int chunk = Math.max(1, Math.min(count, chunkRows > 0 ? chunkRows : CHUNK_FLOATS / vocab));
        float[] h = new float[chunk * dim], logits = new float[chunk * vocab], dh = new float[chunk * dim];
        double total = 0;
        for (int c0 = 0; c0 < count; c0 += chunk) {
            int m = Math.min(chunk, count - c0);
            for (int i = 0; i < m; i++) System.arraycopy(hidden, idx[c0 + i] * dim, h, i * dim, dim);
            Gemm.nt(m, vocab, dim, h, 0, weight, 0, logits, 0, false);
            double[] losses = new double[m];
            int first = c0;
            Parallel.forRange(m, (from, to) -> {
                for (int i = from; i < to; i++) {
                    int r = idx[first + i];
                    losses[i] = CrossEntropy.rowInPlace(logits, i * vocab, vocab, targets[r], rowScale == null ? scale : rowScale[r]);
                }
            });
            for (int i = 0; i < m; i++) {
                total += losses[i];
                if (rowLoss != null) rowLoss[idx[c0 + i]] = losses[i];
            }
            if (dHidden != null) {
                Gemm.nn(m, dim, vocab, logits, 0, weight, 0, dh, 0, false);
                for (int i = 0; i < m; i++) {
                    int o = idx[c0 + i] * dim;
                    for (int j = 0; j < dim; j++) dHidden[o + j] += dh[i * dim + j];
                }
            }
            if (dWeight != null) Gemm.tn(vocab, dim, m, logits, 0, h, 0, dWeight, 0, true);
        }
        return total;
    }

    /** A row is computed when its target counts and, if only gradients are wanted, its scale is not zero. */
    private static boolean counts(int[] targets, float[] rowScale, int r, boolean grads, double[] rowLoss) {
        if (targets[r] == CrossEntropy.IGNORE) return false;
        return rowScale == null || !grads || rowLoss != null || rowScale[r] != 0f;
    }
}
