package io.hone.core.quant;

import io.hone.core.kernel.Parallel;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * y[rows, out] = x[rows, in]·Wᵀ for a few rows (decode: rows = 1). Each weight row is streamed once as nibbles
 * (4× less memory than FP32) and decoded in registers, 32 values per 16-byte load: the high nibbles are the
 * even elements and the low nibbles the odd ones, so x is split once per call into its even and odd elements
 * and the two halves are FMA'd separately (a dot product does not care about the order). Lanes are summed in a
 * fixed pairwise order, so results do not depend on the thread split.
 */
final class Nf4Gemv {
    private Nf4Gemv() {}

    /** Whether the fused path applies: a few rows ({@link Gemv#few}), whole 32-element groups per weight row, blocks of at least 32. */
    static boolean applies(Nf4Tensor w, int rows) {
        return Gemv.few(rows) && Nf4Decode.VECTOR && w.blockSize() >= 32 && w.cols() % 32 == 0;
    }

    static void forward(Nf4Tensor w, float[] x, int rows, float[] y) {
        int out = w.rows(), cols = w.cols(), half = cols / 2;
        float[] even = new float[rows * half], odd = new float[rows * half];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < half; k++) {
                even[r * half + k] = x[r * cols + 2 * k];
                odd[r * half + k] = x[r * cols + 2 * k + 1];
            }
        }
        int tasks = Gemv.tasks(out, Parallel.threads());
        FloatVector code = Nf4Decode.codeVector(w.type());
        Parallel.forEach(tasks, t -> {
            int j0 = (int) ((long) out * t / tasks), j1 = (int) ((long) out * (t + 1) / tasks);
            float[] lanes = new float[16];
            for (int j = j0; j < j1; j++) {
                for (int r = 0; r < rows; r++) y[r * out + j] = row(w, code, even, odd, r * half, j, lanes);
            }
        });
    }

    private static float row(Nf4Tensor w, FloatVector code, float[] even, float[] odd, int xo, int j, float[] lanes) {
        int cols = w.cols(), shift = Integer.numberOfTrailingZeros(w.blockSize());
        byte[] packed = w.packed();
        int base = j * cols;
        var s = Nf4Decode.S;
        FloatVector ae = FloatVector.zero(s), ao = ae;
        int p = 0;
        while (p < cols) {
            int b = (base + p) >>> shift;
            IntVector sc = Nf4Decode.scaled(code, w.scale(b));
            int stop = Math.min(cols, ((b + 1) << shift) - base);
            for (; p < stop; p += 32) {
                IntVector bytes = (IntVector) ByteVector.fromArray(ByteVector.SPECIES_128, packed, (base + p) >>> 1)
                        .convertShape(VectorOperators.B2I, IntVector.SPECIES_512, 0);
                FloatVector hi = bytes.lanewise(VectorOperators.ASHR, 4).and(15).selectFrom(sc).reinterpretAsFloats();
                FloatVector lo = bytes.and(15).selectFrom(sc).reinterpretAsFloats();
                int k = xo + (p >>> 1);
                ae = FloatVector.fromArray(s, even, k).fma(hi, ae);
                ao = FloatVector.fromArray(s, odd, k).fma(lo, ao);
            }
        }
        ae.add(ao).intoArray(lanes, 0);
        for (int wd = 8; wd > 0; wd >>= 1) for (int i = 0; i < wd; i++) lanes[i] += lanes[i + wd];
        return lanes[0];
    }
}
