package io.hone.core.ops;

import io.hone.core.kernel.Parallel;

/**
 * Scaled dot-product attention with a causal mask, grouped-query heads (each KV head serves
 * heads/kvHeads query heads) and an optional sliding window. Queries are rows at positions
 * {@code pos0..pos0+rows-1}; keys/values hold positions {@code 0..pos0+rows-1}.
 */
public final class CausalAttention {
    private CausalAttention() {}

    /**
     * @param q    [rows, heads·d]
     * @param k    [≥pos0+rows, kvHeads·d]
     * @param v    same layout as k
     * @param out  [rows, heads·d]
     * @param probs optional [heads, rows, pos0+rows] softmax probabilities (saved for a backward), may be null
     */
    public static void forward(float[] q, float[] k, float[] v, float[] out, int rows, int pos0,
                               int heads, int kvHeads, int d, int window, float[] probs) {
        int group = heads / kvHeads;
        int qStride = heads * d, kvStride = kvHeads * d, span = pos0 + rows;
        float scale = (float) (1.0 / Math.sqrt(d));
        Parallel.forRange(heads * rows, (from, to) -> {
            float[] s = new float[span];
            for (int task = from; task < to; task++) {
                int h = task / rows, t = task % rows;
                int kvh = h / group, qo = t * qStride + h * d, pos = pos0 + t;
                int first = window > 0 ? Math.max(0, pos - window + 1) : 0;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = first; j <= pos; j++) {
                    int ko = j * kvStride + kvh * d;
                    float dot = 0f;
                    for (int i = 0; i < d; i++) dot = Math.fma(q[qo + i], k[ko + i], dot);
                    s[j] = dot * scale;
                    if (s[j] > max) max = s[j];
                }
                float sum = 0f;
                for (int j = first; j <= pos; j++) {
                    s[j] = (float) Math.exp(s[j] - max);
                    sum += s[j];
                }
                float inv = 1f / sum;
                int oo = t * qStride + h * d;
                java.util.Arrays.fill(out, oo, oo + d, 0f);
                for (int j = first; j <= pos; j++) {
                    float p = s[j] * inv;
                    if (probs != null) probs[(h * rows + t) * span + j] = p;
                    int vo = j * kvStride + kvh * d;
                    for (int i = 0; i < d; i++) out[oo + i] = Math.fma(p, v[vo + i], out[oo + i]);
                }
            }
        });
    }
}
