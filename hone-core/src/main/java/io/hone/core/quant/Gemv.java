package io.hone.core.quant;

import io.hone.core.kernel.Gemm;

/** What the fused few-rows kernels share: the path decision under {@link Gemm#ROWS} and the fixed lane sum. */
final class Gemv {
    /** Unpinned calls with up to this many rows take the fused kernel (as {@link Nf4Gemv}). */
    static final int MAX_ROWS = 4;
    /** Output rows per parallel task. */
    static final int ROWS_PER_TASK = 16;

    private Gemv() {}

    /** Whether a call of {@code rows} rows takes the fused few-rows kernel: always under FEW, never under MANY. */
    static boolean few(int rows) {
        return switch (Gemm.ROWS.orElse(Gemm.Rows.AUTO)) {
            case FEW -> true;
            case MANY -> false;
            case AUTO -> rows <= MAX_ROWS;
        };
    }

    /** Sums lanes in a fixed pairwise order (no {@code reduceLanes}: its order is the JIT's choice). */
    static float sumLanes(float[] lanes, int n) {
        for (int w = n >> 1; w > 0; w >>= 1) for (int i = 0; i < w; i++) lanes[i] += lanes[i + w];
        return lanes[0];
    }

    static int tasks(int out, int threads) {
        return Math.max(1, Math.min((out + ROWS_PER_TASK - 1) / ROWS_PER_TASK, threads * 8));
    }

    static void check(String name, float[] a, long need) {
        if (a.length < need) throw new IndexOutOfBoundsException(name + " has " + a.length + " values, needs " + need);
    }
}
