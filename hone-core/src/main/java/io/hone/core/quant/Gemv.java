package io.hone.core.quant;

import io.hone.core.kernel.Gemm;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** What the fused few-rows kernels share: the path decision under {@link Gemm#ROWS} and the fixed lane sum. */
final class Gemv {
    /** Unpinned calls with up to this many rows take the fused kernels (BF16, INT8, NF4). */
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

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Rotations by L/2, L/4, .., 1 lanes: step w adds lane i + w into lane i. */
    private static final VectorShuffle<Float>[] DOWN = downShuffles();

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] downShuffles() {
        int steps = Integer.numberOfTrailingZeros(F.length());
        VectorShuffle<Float>[] s = new VectorShuffle[steps];
        for (int k = 0, w = F.length() >> 1; w > 0; k++, w >>= 1) {
            int shift = w;
            s[k] = VectorShuffle.fromOp(F, i -> (i + shift) % F.length());
        }
        return s;
    }

    /**
     * The same pairwise sum as {@link #sumLanes(float[], int)} (lane 0 ends as ((l0 + l8) + (l4 + l12)) + ...), done
     * in registers: storing a vector and reloading its lanes one by one stalls store forwarding on every output row.
     */
    static float sumLanes(FloatVector v) {
        for (VectorShuffle<Float> s : DOWN) v = v.add(v.rearrange(s));
        return v.lane(0);
    }

    static int tasks(int out, int threads) {
        return Math.max(1, Math.min((out + ROWS_PER_TASK - 1) / ROWS_PER_TASK, threads * 8));
    }

    static void check(String name, float[] a, long need) {
        if (a.length < need) throw new IndexOutOfBoundsException(name + " has " + a.length + " values, needs " + need);
    }
}
