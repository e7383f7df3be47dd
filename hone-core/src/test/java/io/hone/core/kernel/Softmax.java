package io.hone.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** In-place vectorized softmax over a row, for the tests (the model's attention has its own, fused). */
final class Softmax {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private Softmax() {}

    /** x[off .. off+len) = softmax, computed as exp(x - max) / sum. */
    static void softmaxInPlace(float[] x, int off, int len) {
        if (len <= 0) return;
        float max = VectorOps.max(x, off, len);
        if (max == Float.NEGATIVE_INFINITY) max = 0f; // all -inf: keep exp(-inf) = 0 rather than NaN
        FloatVector sum = FloatVector.zero(S);
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector e = VectorOps.exp(FloatVector.fromArray(S, x, off + i).sub(max));
            e.intoArray(x, off + i);
            sum = sum.add(e);
        }
        float s = VectorOps.sumLanes(sum);
        for (; i < len; i++) {
            float e = VectorOps.exp(x[off + i] - max);
            x[off + i] = e;
            s += e;
        }
        i = 0;
        for (; i <= len - L; i += L) FloatVector.fromArray(S, x, off + i).div(s).intoArray(x, off + i);
        for (; i < len; i++) x[off + i] /= s;
    }
}
