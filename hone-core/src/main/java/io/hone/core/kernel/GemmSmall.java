package io.hone.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import static io.hone.core.kernel.GemmMicroKernel.MR;
import static io.hone.core.kernel.GemmMicroKernel.NR;

/**
 * GEMM for a few rows of A (decode: M = 1), where B is read once from memory and packing it would cost
 * more than the arithmetic. Work is split over columns of C.
 */
final class GemmSmall {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Columns of C per task: enough tasks for balance, each big enough to hide the fork cost. */
    private static final int MIN_COLS = 64;

    private GemmSmall() {}

    /** C[M,N] (+)= A[M,K]·B[N,K]^T as dot products of A rows with four B rows at a time. */
    static void nt(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        int tasks = tasks(n, 4);
        Parallel.forEach(tasks, t -> {
            int j0 = (int) ((long) n * t / tasks) & ~3, j1 = t == tasks - 1 ? n : (int) ((long) n * (t + 1) / tasks) & ~3;
            float[] out = new float[4];
            for (int j = j0; j < j1; j += 4) {
                int jw = Math.min(4, j1 - j);
                for (int i = 0; i < m; i++) {
                    int ai = aOff + i * k, ci = cOff + i * n + j;
                    if (jw == 4) dot4(k, a, ai, b, bOff + j * k, out);
                    else for (int jj = 0; jj < jw; jj++) out[jj] = dot(k, a, ai, b, bOff + (j + jj) * k);
                    for (int jj = 0; jj < jw; jj++) c[ci + jj] = accumulate ? c[ci + jj] + out[jj] : out[jj];
                }
            }
        });
    }

    /**
     * Dot product in a fixed order that depends only on k: lane l sums terms p = l (mod L) below
     * k - k%L in p order, the lanes are then added 0..L-1, then the tail terms in p order.
     */
    static float dot(int k, float[] a, int ai, float[] b, int bi) {
        FloatVector acc = FloatVector.zero(S);
        int kv = k - k % L, p = 0;
        for (; p < kv; p += L) acc = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bi + p), acc);
        float s = sumLanes(acc);
        for (; p < k; p++) s = Math.fma(a[ai + p], b[bi + p], s);
        return s;
    }

    /** Four {@link #dot}s of one A row with consecutive B rows (stride k), same order per element. */
    static void dot4(int k, float[] a, int ai, float[] b, int bi, float[] out) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int b1 = bi + k, b2 = b1 + k, b3 = b2 + k;
        int kv = k - k % L, p = 0;
        for (; p < kv; p += L) {
            FloatVector av = FloatVector.fromArray(S, a, ai + p);
            s0 = av.fma(FloatVector.fromArray(S, b, bi + p), s0);
            s1 = av.fma(FloatVector.fromArray(S, b, b1 + p), s1);
            s2 = av.fma(FloatVector.fromArray(S, b, b2 + p), s2);
            s3 = av.fma(FloatVector.fromArray(S, b, b3 + p), s3);
        }
        float r0 = sumLanes(s0), r1 = sumLanes(s1), r2 = sumLanes(s2), r3 = sumLanes(s3);
        for (; p < k; p++) {
            float av = a[ai + p];
            r0 = Math.fma(av, b[bi + p], r0);
            r1 = Math.fma(av, b[b1 + p], r1);
            r2 = Math.fma(av, b[b2 + p], r2);
            r3 = Math.fma(av, b[b3 + p], r3);
        }
        out[0] = r0;
        out[1] = r1;
        out[2] = r2;
        out[3] = r3;
    }

    /** Lanes added in index order (reduceLanes leaves the order to the implementation). */
    static float sumLanes(FloatVector v) {
        float s = 0f;
        for (int l = 0; l < L; l++) s += v.lane(l);
        return s;
    }

    /**
     * C[M,N] (+)= A·B[K,N] for a few rows, A stored [M,K] or, when aTrans, [K,M]: A is packed into
     * zero-padded MR-row strips and each NR-wide panel of B is read in place (stride N) by the
     * micro-kernel for every strip, over all of k in one pass.
     */
    static void nnRows(boolean aTrans, int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                       float[] c, int cOff, boolean accumulate) {
        int strips = (m + MR - 1) / MR;
        float[] ap = new float[strips * k * MR];
        GemmPack.packAStrips(aTrans, a, aOff, aTrans ? m : k, 0, m, 0, k, ap);
        int panels = (n + NR - 1) / NR;
        int tasks = Math.min(panels, tasks(n, NR));
        Parallel.forEach(tasks, t -> {
            int q0 = (int) ((long) panels * t / tasks), q1 = (int) ((long) panels * (t + 1) / tasks);
            float[] tile = new float[MR * NR];
            float[] edge = null;
            for (int q = q0; q < q1; q++) {
                int j = q * NR, jw = Math.min(NR, n - j);
                float[] bs = b;
                int bi = bOff + j, ldb = n;
                if (jw < NR) {
                    edge = new float[k * NR];
                    GemmPack.packB(false, b, bOff, n, 0, k, j, jw, edge);
                    bs = edge;
                    bi = 0;
                    ldb = NR;
                }
                for (int st = 0; st < strips; st++) {
                    int i = st * MR, mr = Math.min(MR, m - i), ci = cOff + i * n + j;
                    if (mr == MR && jw == NR) {
                        GemmMicroKernel.tile(k, ap, st * k * MR, 1, MR, bs, bi, ldb, c, ci, n, accumulate);
                    } else {
                        GemmMicroKernel.tile(k, ap, st * k * MR, 1, MR, bs, bi, ldb, tile, 0, NR, false);
                        GemmBlocked.merge(tile, mr, jw, c, ci, n, accumulate);
                    }
                }
            }
        });
    }

    private static int tasks(int n, int granule) {
        return Math.max(1, Math.min(Parallel.threads() * 4, n / Math.max(granule, MIN_COLS)));
    }
}
