package io.hone.core.quant;

import io.hone.core.kernel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;

/**
 * y[rows, out] = x[rows, in]·Wᵀ for a few rows (decode: rows = 1), memory bound: each weight row is streamed
 * once as nibbles (4× less than FP32), decoded 16 values at a time in registers and FMA'd into up to four rows
 * of x. Lanes are summed in a fixed pairwise order, so results do not depend on the thread split.
 */
final class Nf4Gemv {
    static final int MAX_ROWS = 4;
    private static final int ROWS_PER_TASK = 16;

    private Nf4Gemv() {}

    /** Whether the fused path applies: whole 16-groups per weight row. */
    static boolean applies(Nf4Tensor w, int rows) {
        return rows <= MAX_ROWS && Nf4Decode.vectorizable(w) && w.cols() % 16 == 0;
    }

    static void forward(Nf4Tensor w, float[] x, int rows, float[] y) {
        int out = w.rows();
        int tasks = Math.max(1, Math.min((out + ROWS_PER_TASK - 1) / ROWS_PER_TASK, Parallel.threads() * 8));
        FloatVector code = Nf4Decode.codeVector(w.type());
        Parallel.forEach(tasks, t -> {
            int j0 = (int) ((long) out * t / tasks), j1 = (int) ((long) out * (t + 1) / tasks);
            float[] lanes = new float[16];
            for (int j = j0; j < j1; j++) row(w, code, x, rows, y, j, lanes);
        });
    }

    private static void row(Nf4Tensor w, FloatVector code, float[] x, int rows, float[] y, int j, float[] lanes) {
        int cols = w.cols(), bs = w.blockSize(), out = w.rows();
        byte[] packed = w.packed();
        int base = j * cols, shift = Integer.numberOfTrailingZeros(bs);
        var s = Nf4Decode.S;
        FloatVector a0 = FloatVector.zero(s), a1 = a0, a2 = a0, a3 = a0;
        int p = 0;
        while (p < cols) {
            int b = (base + p) >>> shift;
            IntVector sc = Nf4Decode.scaled(code, w.scale(b));
            int stop = Math.min(cols, ((b + 1) << shift) - base);
            for (; p < stop; p += 16) {
                FloatVector v = Nf4Decode.decode16(packed, base + p, sc);
                a0 = FloatVector.fromArray(s, x, p).fma(v, a0);
                if (rows > 1) a1 = FloatVector.fromArray(s, x, cols + p).fma(v, a1);
                if (rows > 2) a2 = FloatVector.fromArray(s, x, 2 * cols + p).fma(v, a2);
                if (rows > 3) a3 = FloatVector.fromArray(s, x, 3 * cols + p).fma(v, a3);
            }
        }
        y[j] = sum(a0, lanes);
        if (rows > 1) y[out + j] = sum(a1, lanes);
        if (rows > 2) y[2 * out + j] = sum(a2, lanes);
        if (rows > 3) y[3 * out + j] = sum(a3, lanes);
    }

    private static float sum(FloatVector v, float[] t) {
        v.intoArray(t, 0);
        for (int w = 8; w > 0; w >>= 1) for (int i = 0; i < w; i++) t[i] += t[i + w];
        return t[0];
    }
}
