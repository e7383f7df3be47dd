package io.hone.core.ops;

import io.hone.core.kernel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

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
                    s[j] = dot(q, qo, k, ko, d) * scale;
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
                    axpy(p, v, vo, out, oo, d);
                }
            }
        });
    }

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        int i = 0;
        float sum = 0f;
        if (n >= S.length()) {
            FloatVector acc = FloatVector.zero(S);
            for (; i <= n - S.length(); i += S.length()) {
                acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
            }
            sum = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) sum = Math.fma(a[ao + i], b[bo + i], sum);
        return sum;
    }

    static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (; i <= n - S.length(); i += S.length()) {
            FloatVector.fromArray(S, x, xo + i).fma(va, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) y[yo + i] = Math.fma(alpha, x[xo + i], y[yo + i]);
    }
}
