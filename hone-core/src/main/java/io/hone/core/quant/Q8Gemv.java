package io.hone.core.quant;

import io.hone.core.kernel.Parallel;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
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
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(8 * L));

    private Q8Gemv() {}

    static void forward(Q8Tensor w, float[] x, int rows, float[] y) {
        int out = w.rows(), in = w.cols();
        int tasks = Gemv.tasks(out, Parallel.threads());
        Parallel.forEach(tasks, t -> {
            int j0 = (int) ((long) out * t / tasks), j1 = (int) ((long) out * (t + 1) / tasks);
            for (int j = j0; j < j1; j++) {
                for (int r = 0; r < rows; r++) y[r * out + j] = row(w, j, x, r * in);
            }
        });
    }

    private static float row(Q8Tensor w, int j, float[] x, int xo) {
        int cols = w.cols(), g = w.groupSize(), gpr = w.groupsPerRow();
        byte[] q = w.q();
        float[] scales = w.scales();
        int full = g % L == 0 ? cols / g : 0, wo = j * cols, so = j * gpr;
        FloatVector acc0 = FloatVector.zero(F), acc1 = acc0;
        int k = 0;
        for (; k + 1 < full; k += 2) { // even groups into acc0, odd into acc1 (a row's order, whatever the call)
            acc0 = group(x, xo + k * g, q, wo + k * g, g).fma(FloatVector.broadcast(F, scales[so + k]), acc0);
            acc1 = group(x, xo + (k + 1) * g, q, wo + (k + 1) * g, g).fma(FloatVector.broadcast(F, scales[so + k + 1]), acc1);
        }
        if (k < full) acc0 = group(x, xo + k * g, q, wo + k * g, g).fma(FloatVector.broadcast(F, scales[so + k]), acc0);
        float s = Gemv.sumLanes(acc0.add(acc1));
        for (int t = full; t < gpr; t++) {
            int p0 = t * g, p1 = Math.min(cols, p0 + g);
            float part = 0f;
            for (int p = p0; p < p1; p++) part = Math.fma(x[xo + p], q[wo + p], part);
            s = Math.fma(part, scales[so + t], s);
        }
        return s;
    }

    /** Σ x·q over one group of g values (g a multiple of L), lane-wise; two chunks unrolled for Q8_0's 32 on 16 lanes. */
    private static FloatVector group(float[] x, int xo, byte[] q, int qo, int g) {
        if (g == 2 * L) return FloatVector.fromArray(F, x, xo + L).fma(widen(q, qo + L), FloatVector.fromArray(F, x, xo).mul(widen(q, qo)));
        FloatVector sum = FloatVector.fromArray(F, x, xo).mul(widen(q, qo));
        for (int c = L; c < g; c += L) sum = FloatVector.fromArray(F, x, xo + c).fma(widen(q, qo + c), sum);
        return sum;
    }

    private static FloatVector widen(byte[] q, int off) {
        // B2I (sign-extend, as Nf4Gemv widens its bytes) then I2F
        return (FloatVector) ((IntVector) ByteVector.fromArray(B, q, off).convertShape(VectorOperators.B2I, I, 0)).convert(VectorOperators.I2F, 0);
    }
}
