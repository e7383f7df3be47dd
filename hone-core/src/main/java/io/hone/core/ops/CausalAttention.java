package io.hone.core.ops;

import io.hone.core.kernel.Parallel;
import io.hone.core.kernel.VectorOps;

/**
 * Scaled dot-product attention with a causal mask, grouped-query heads (each KV head serves
 * heads/kvHeads query heads) and an optional sliding window. Queries are rows at positions
 * {@code pos0..pos0+rows-1}; keys/values hold positions {@code 0..pos0+rows-1}.
 *
 * <p>Row offsets ({@code qRow0}, {@code kvRow0}) address one sequence inside a batch laid out as
 * [batch·seq, dim], so a training batch runs without copies.
 */
public final class CausalAttention {
    private CausalAttention() {}

    /**
     * @param q    [rows, heads·d]
     * @param k    [≥pos0+rows, kvHeads·d]
     * @param v    same layout as k
     * @param out  [rows, heads·d]
     * @param probs optional [heads, rows, pos0+rows] softmax probabilities (for the tests' reference backward), may be null
     */
    public static void forward(float[] q, float[] k, float[] v, float[] out, int rows, int pos0,
                               int heads, int kvHeads, int d, int window, float[] probs) {
        forward(q, k, v, out, 0, 0, rows, pos0, heads, kvHeads, d, window, probs, 0);
    }

    /** As above, with q/out rows starting at {@code qRow0}, k/v rows at {@code kvRow0}, probs at {@code pOff}. */
    public static void forward(float[] q, float[] k, float[] v, float[] out, int qRow0, int kvRow0, int rows, int pos0,
                               int heads, int kvHeads, int d, int window, float[] probs, int pOff) {
        int group = heads / kvHeads;
        int qStride = heads * d, kvStride = kvHeads * d, span = pos0 + rows;
        int qBase = qRow0 * qStride, kvBase = kvRow0 * kvStride;
        float scale = (float) (1.0 / Math.sqrt(d));
        Parallel.forRange(heads * rows, (from, to) -> {
            float[] s = new float[span];
            for (int task = from; task < to; task++) {
                int h = task / rows, t = task % rows;
                int qo = qBase + t * qStride + h * d;
                int pRow = probs == null ? -1 : pOff + (h * rows + t) * span;
                if (probs != null) java.util.Arrays.fill(probs, pRow, pRow + span, 0f);
                row(q, qo, k, v, kvBase + (h / group) * d, kvStride, d, pos0 + t, window, scale, s, out, probs, pRow);
            }
        });
    }

    /**
     * One new token per sequence of a batch, each against its own cache: query row r (heads·d values, at position
     * {@code positions[r]}) attends to rows 0..positions[r] of {@code k[r]}/{@code v[r]}. Each row's result is
     * bit-identical to {@link #forward} of that row alone.
     */
    public static void decode(float[] q, float[][] k, float[][] v, float[] out, int[] positions, int heads, int kvHeads, int d, int window) {
        int rows = positions.length, group = heads / kvHeads, qStride = heads * d, kvStride = kvHeads * d;
        int span = 0;
        for (int p : positions) span = Math.max(span, p + 1);
        float scale = (float) (1.0 / Math.sqrt(d));
        int spanF = span;
        Parallel.forRange(heads * rows, (from, to) -> {
            float[] s = new float[spanF];
            for (int task = from; task < to; task++) {
                int r = task / heads, h = task % heads;
                row(q, r * qStride + h * d, k[r], v[r], (h / group) * d, kvStride, d, positions[r], window, scale, s, out, null, -1);
            }
        });
    }

    /** Softmax(q·Kᵀ·scale)·V for one query row and head at position {@code pos}, into out[qo..qo+d). */
    private static void row(float[] q, int qo, float[] k, float[] v, int kvHead, int kvStride, int d, int pos, int window,
                            float scale, float[] s, float[] out, float[] probs, int pRow) {
        int first = window > 0 ? Math.max(0, pos - window + 1) : 0;
        float max = Float.NEGATIVE_INFINITY;
        for (int j = first; j <= pos; j++) {
            s[j] = VectorOps.dot(q, qo, k, kvHead + j * kvStride, d) * scale;
            if (s[j] > max) max = s[j];
        }
        float sum = 0f;
        for (int j = first; j <= pos; j++) {
            s[j] = (float) Math.exp(s[j] - max);
            sum += s[j];
        }
        float inv = 1f / sum;
        java.util.Arrays.fill(out, qo, qo + d, 0f);
        for (int j = first; j <= pos; j++) {
            float p = s[j] * inv;
            if (probs != null) probs[pRow + j] = p;
            VectorOps.axpy(p, v, kvHead + j * kvStride, out, qo, d);
        }
    }
}
