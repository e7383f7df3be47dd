package io.hone.core.quant;

import io.hone.core.kernel.Parallel;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * y[rows, out] = x[rows, in]·Wᵀ for a {@link Q8Tensor} W, dequantized in registers: L signed bytes (L = floats per
 * vector) are one load, widened byte → float ({@code B2F}: sign-extend and convert), FMA'd against x into a per-group
 * accumulator, which is then scaled by the group's d into one of two running sums (even and odd groups, so the scale
 * FMAs do not wait on each other). llama.cpp's Q8_0 dot product has the same shape (it also quantizes x to int8; this
 * keeps x in FP32).
 *
 * <p>Each (x row, weight row) dot product is the same sequence of operations whatever the number of rows in the call or
 * the thread split: the vector part over whole groups, a fixed pairwise lane sum, then a row's last partial group in
 * scalar order. Groups that are not a multiple of L wide go all scalar.
 */
final class Q8Gemv {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(8 * L));

    private Q8Gemv() {}

    static void forward(Q8Tensor w, float[] x, int rows, float[] y) {
        int out = w.rows(), in = w.cols();
        int tasks = Gemv.tasks(out, Parallel.threads());
        Parallel.forEach(tasks, t -> {
            int j0 = (int) ((long) out * t / tasks), j1 = (int) ((long) out * (t + 1) / tasks);
            float[] lanes = new float[L];
            for (int j = j0; j < j1; j++) {
                for (int r = 0; r < rows; r++) y[r * out + j] = row(w, j, x, r * in, lanes);
            }
        });
    }

    private static float row(Q8Tensor w, int j, float[] x, int xo, float[] lanes) {
        int cols = w.cols(), g = w.groupSize(), gpr = w.groupsPerRow();
        byte[] q = w.q();
        float[] scales = w.scales();
        int full = g % L == 0 ? cols / g : 0, wo = j * cols, so = j * gpr;
        FloatVector acc0 = FloatVector.zero(F), acc1 = acc0;
        for (int k = 0; k < full; k++) {
            int p = k * g;
            FloatVector sum = FloatVector.fromArray(F, x, xo + p).mul(widen(q, wo + p));
            for (int c = L; c < g; c += L) sum = FloatVector.fromArray(F, x, xo + p + c).fma(widen(q, wo + p + c), sum);
            FloatVector d = FloatVector.broadcast(F, scales[so + k]);
            if ((k & 1) == 0) acc0 = sum.fma(d, acc0);
            else acc1 = sum.fma(d, acc1);
        }
        acc0.add(acc1).intoArray(lanes, 0);
        float s = Gemv.sumLanes(lanes, L);
        for (int k = full; k < gpr; k++) {
            int p0 = k * g, p1 = Math.min(cols, p0 + g);
            float part = 0f;
            for (int p = p0; p < p1; p++) part = Math.fma(x[xo + p], q[wo + p], part);
            s = Math.fma(part, scales[so + k], s);
        }
        return s;
    }

    private static FloatVector widen(byte[] q, int off) {
        return (FloatVector) ByteVector.fromArray(B, q, off).convertShape(VectorOperators.B2F, F, 0);
    }
}
