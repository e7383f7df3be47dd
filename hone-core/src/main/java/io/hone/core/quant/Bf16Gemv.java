package io.hone.core.quant;

import io.hone.core.kernel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * y[rows, out] = x[rows, in]·Wᵀ for a BF16 weight W [out, in], widened in registers: one load of 2L bf16 values
 * (L = floats per vector) read as L ints holds element 2i in the low half of int i and 2i+1 in the high half, so
 * {@code i << 16} is the even elements as floats and {@code i & 0xFFFF0000} the odd ones (exact, no rounding). x is
 * split once per call into its even and odd elements and each half is FMA'd against its weights.
 *
 * <p>Every (x row, weight row) dot product is the same sequence of operations whatever the number of rows in the call
 * or the thread split: two accumulators (even, odd) over the whole vector part, their sum, a fixed pairwise lane sum,
 * then the scalar tail ({@code in % 2L} elements) in order. Weight rows are taken two at a time (more loads in flight),
 * which changes nothing per row; for several x rows the two weight rows are re-read from L1.
 */
final class Bf16Gemv {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Short> SH = VectorSpecies.of(short.class, F.vectorShape());
    private static final int L = F.length(), STEP = 2 * L;
    private static final int HIGH = 0xFFFF0000;

    private Bf16Gemv() {}

    static void forward(short[] w, int out, int in, float[] x, int rows, float[] y) {
        int vec = in / STEP * STEP, half = vec / 2;
        float[] even = new float[rows * half], odd = new float[rows * half];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < half; k++) {
                even[r * half + k] = x[r * in + 2 * k];
                odd[r * half + k] = x[r * in + 2 * k + 1];
            }
        }
        int tasks = Gemv.tasks(out, Parallel.threads());
        Parallel.forEach(tasks, t -> {
            int j0 = (int) ((long) out * t / tasks), j1 = (int) ((long) out * (t + 1) / tasks);
            int j = j0;
            for (; j + 1 < j1; j += 2) {
                for (int r = 0; r < rows; r++) {
                    pair(w, j * in, (j + 1) * in, vec, even, odd, r * half, y, r * out + j);
                    if (vec < in) {
                        y[r * out + j] += tail(w, j * in, x, r * in, vec, in);
                        y[r * out + j + 1] += tail(w, (j + 1) * in, x, r * in, vec, in);
                    }
                }
            }
            if (j < j1) {
                for (int r = 0; r < rows; r++) {
                    y[r * out + j] = single(w, j * in, vec, even, odd, r * half) + tail(w, j * in, x, r * in, vec, in);
                }
            }
        });
    }

    /** Two weight rows against one x row: the vector parts of the two dot products into y[yo], y[yo + 1]. */
    private static void pair(short[] w, int a, int b, int vec, float[] even, float[] odd, int xo, float[] y, int yo) {
        FloatVector ae = FloatVector.zero(F), ao = ae, be = ae, bo = ae;
        for (int p = 0; p < vec; p += STEP) {
            int k = xo + (p >>> 1);
            FloatVector xe = FloatVector.fromArray(F, even, k), xo2 = FloatVector.fromArray(F, odd, k);
            IntVector wa = ShortVector.fromArray(SH, w, a + p).reinterpretAsInts();
            IntVector wb = ShortVector.fromArray(SH, w, b + p).reinterpretAsInts();
            ae = xe.fma(wa.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), ae);
            ao = xo2.fma(wa.and(HIGH).reinterpretAsFloats(), ao);
            be = xe.fma(wb.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), be);
            bo = xo2.fma(wb.and(HIGH).reinterpretAsFloats(), bo);
        }
        y[yo] = Gemv.sumLanes(ae.add(ao));
        y[yo + 1] = Gemv.sumLanes(be.add(bo));
    }

    private static float single(short[] w, int a, int vec, float[] even, float[] odd, int xo) {
        FloatVector ae = FloatVector.zero(F), ao = ae;
        for (int p = 0; p < vec; p += STEP) {
            int k = xo + (p >>> 1);
            IntVector wa = ShortVector.fromArray(SH, w, a + p).reinterpretAsInts();
            ae = FloatVector.fromArray(F, even, k).fma(wa.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), ae);
            ao = FloatVector.fromArray(F, odd, k).fma(wa.and(HIGH).reinterpretAsFloats(), ao);
        }
        return Gemv.sumLanes(ae.add(ao));
    }

    private static float tail(short[] w, int wo, float[] x, int xo, int from, int in) {
        float s = 0f;
        for (int p = from; p < in; p++) s = Math.fma(x[xo + p], Float.intBitsToFloat(w[wo + p] << 16), s);
        return s;
    }
}
