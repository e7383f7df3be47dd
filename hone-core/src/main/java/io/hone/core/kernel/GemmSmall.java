package io.hone.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

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

    /**
     * C[M,N] (+)= A[M,K]·B[N,K]^T as dot products, four A rows by four B rows at a time, so each B row
     * is read from memory once and used for every row of A.
     */
    static void nt(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        int tasks = tasks(n, 4);
        Parallel.forEach(tasks, t -> {
            int j0 = (int) ((long) n * t / tasks) & ~3, j1 = t == tasks - 1 ? n : (int) ((long) n * (t + 1) / tasks) & ~3;
            float[] out = new float[16], tmp = new float[16 * L];
            for (int j = j0; j < j1; j += 4) {
                int jw = Math.min(4, j1 - j);
                for (int i = 0; i < m; i += 4) {
                    int iw = Math.min(4, m - i), ai = aOff + i * k, ci = cOff + i * n + j;
                    if (jw == 4 && iw == 4 && L >= 16) {
                        dot4x4(k, a, ai, b, bOff + j * k, out, tmp);
                    } else if (jw == 4 && iw == 4) {
                        // 256-bit vectors, 16 registers: 4x4 accumulators would spill, two 2x4 blocks do not
                        dot2x4(k, a, ai, b, bOff + j * k, out, 0);
                        dot2x4(k, a, ai + 2 * k, b, bOff + j * k, out, 8);
                    } else {
                        for (int ii = 0; ii < iw; ii++) {
                            if (jw == 4) dot4(k, a, ai + ii * k, b, bOff + j * k, out, ii * 4);
                            else for (int jj = 0; jj < jw; jj++) out[ii * 4 + jj] = dot(k, a, ai + ii * k, b, bOff + (j + jj) * k);
                        }
                    }
                    for (int ii = 0; ii < iw; ii++) {
                        for (int jj = 0, o = ci + ii * n; jj < jw; jj++) {
                            c[o + jj] = accumulate ? c[o + jj] + out[ii * 4 + jj] : out[ii * 4 + jj];
                        }
                    }
                }
            }
        });
    }

    /** out[r*4 + q] = dot(A row r, B row q) for four consecutive rows each (stride k), as {@link #dot}. */
    static void dot4x4(int k, float[] a, int ai, float[] b, int bi, float[] out, float[] tmp) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00, s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        int kv = k - k % L, p = 0;
        for (; p < kv; p += L) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi + p), b1 = FloatVector.fromArray(S, b, bi + k + p);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * k + p), b3 = FloatVector.fromArray(S, b, bi + 3 * k + p);
            FloatVector a0 = FloatVector.fromArray(S, a, ai + p);
            s00 = a0.fma(b0, s00); s01 = a0.fma(b1, s01); s02 = a0.fma(b2, s02); s03 = a0.fma(b3, s03);
            FloatVector a1 = FloatVector.fromArray(S, a, ai + k + p);
            s10 = a1.fma(b0, s10); s11 = a1.fma(b1, s11); s12 = a1.fma(b2, s12); s13 = a1.fma(b3, s13);
            FloatVector a2 = FloatVector.fromArray(S, a, ai + 2 * k + p);
            s20 = a2.fma(b0, s20); s21 = a2.fma(b1, s21); s22 = a2.fma(b2, s22); s23 = a2.fma(b3, s23);
            FloatVector a3 = FloatVector.fromArray(S, a, ai + 3 * k + p);
            s30 = a3.fma(b0, s30); s31 = a3.fma(b1, s31); s32 = a3.fma(b2, s32); s33 = a3.fma(b3, s33);
        }
        // Sum each accumulator's lanes in the tree order of treeSum, all sixteen at once: a butterfly of
        // blends and lane swaps (written out: vectors passed to a method that C2 does not inline get boxed).
        if (L == 16) {
            FloatVector w0 = s00.blend(s20, M8).add(s20.blend(s00, M8).rearrange(X8));
            FloatVector w1 = s10.blend(s30, M8).add(s30.blend(s10, M8).rearrange(X8));
            FloatVector w2 = s02.blend(s22, M8).add(s22.blend(s02, M8).rearrange(X8));
            FloatVector w3 = s12.blend(s32, M8).add(s32.blend(s12, M8).rearrange(X8));
            FloatVector w4 = s01.blend(s21, M8).add(s21.blend(s01, M8).rearrange(X8));
            FloatVector w5 = s11.blend(s31, M8).add(s31.blend(s11, M8).rearrange(X8));
            FloatVector w6 = s03.blend(s23, M8).add(s23.blend(s03, M8).rearrange(X8));
            FloatVector w7 = s13.blend(s33, M8).add(s33.blend(s13, M8).rearrange(X8));
            FloatVector u0 = w0.blend(w1, M4).add(w1.blend(w0, M4).rearrange(X4));
            FloatVector u1 = w2.blend(w3, M4).add(w3.blend(w2, M4).rearrange(X4));
            FloatVector u2 = w4.blend(w5, M4).add(w5.blend(w4, M4).rearrange(X4));
            FloatVector u3 = w6.blend(w7, M4).add(w7.blend(w6, M4).rearrange(X4));
            FloatVector t0 = u0.blend(u1, M2).add(u1.blend(u0, M2).rearrange(X2));
            FloatVector t1 = u2.blend(u3, M2).add(u3.blend(u2, M2).rearrange(X2));
            FloatVector f0 = t0.blend(t1, M1).add(t1.blend(t0, M1).rearrange(X1));
            f0.intoArray(out, 0);
        } else {
            s00.intoArray(tmp, 0 * L);
            s01.intoArray(tmp, 1 * L);
            s02.intoArray(tmp, 2 * L);
            s03.intoArray(tmp, 3 * L);
            s10.intoArray(tmp, 4 * L);
            s11.intoArray(tmp, 5 * L);
            s12.intoArray(tmp, 6 * L);
            s13.intoArray(tmp, 7 * L);
            s20.intoArray(tmp, 8 * L);
            s21.intoArray(tmp, 9 * L);
            s22.intoArray(tmp, 10 * L);
            s23.intoArray(tmp, 11 * L);
            s30.intoArray(tmp, 12 * L);
            s31.intoArray(tmp, 13 * L);
            s32.intoArray(tmp, 14 * L);
            s33.intoArray(tmp, 15 * L);
            for (int x = 0; x < 16; x++) out[x] = treeSum(tmp, x * L);
        }
        if (kv < k) {
            for (int x = 0; x < 16; x++) {
                float r = out[x];
                int ar = ai + (x >> 2) * k, br = bi + (x & 3) * k;
                for (int q = kv; q < k; q++) r = Math.fma(a[ar + q], b[br + q], r);
                out[x] = r;
            }
        }
    }

    /** out[o + r*4 + q] = dot(A row r, B row q) for two A rows and four B rows (stride k), as {@link #dot}. */
    static void dot2x4(int k, float[] a, int ai, float[] b, int bi, float[] out, int o) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        int kv = k - k % L, p = 0;
        for (; p < kv; p += L) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi + p), b1 = FloatVector.fromArray(S, b, bi + k + p);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * k + p), b3 = FloatVector.fromArray(S, b, bi + 3 * k + p);
            FloatVector a0 = FloatVector.fromArray(S, a, ai + p);
            s00 = a0.fma(b0, s00); s01 = a0.fma(b1, s01); s02 = a0.fma(b2, s02); s03 = a0.fma(b3, s03);
            FloatVector a1 = FloatVector.fromArray(S, a, ai + k + p);
            s10 = a1.fma(b0, s10); s11 = a1.fma(b1, s11); s12 = a1.fma(b2, s12); s13 = a1.fma(b3, s13);
        }
        out[o] = VectorOps.sumLanes(s00);
        out[o + 1] = VectorOps.sumLanes(s01);
        out[o + 2] = VectorOps.sumLanes(s02);
        out[o + 3] = VectorOps.sumLanes(s03);
        out[o + 4] = VectorOps.sumLanes(s10);
        out[o + 5] = VectorOps.sumLanes(s11);
        out[o + 6] = VectorOps.sumLanes(s12);
        out[o + 7] = VectorOps.sumLanes(s13);
        for (int x = 0; x < 8; x++) {
            float r = out[o + x];
            int ar = ai + (x >> 2) * k, br = bi + (x & 3) * k;
            for (int q = kv; q < k; q++) r = Math.fma(a[ar + q], b[br + q], r);
            out[o + x] = r;
        }
    }

    /**
     * Dot product in a fixed order that depends only on k: lane l sums terms p = l (mod L) below
     * k - k%L in p order, the lanes are then added 0..L-1, then the tail terms in p order.
     */
    static float dot(int k, float[] a, int ai, float[] b, int bi) {
        FloatVector acc = FloatVector.zero(S);
        int kv = k - k % L, p = 0;
        for (; p < kv; p += L) acc = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bi + p), acc);
        float s = VectorOps.sumLanes(acc);
        for (; p < k; p++) s = Math.fma(a[ai + p], b[bi + p], s);
        return s;
    }

    /** Four {@link #dot}s of one A row with consecutive B rows (stride k), same order per element. */
    static void dot4(int k, float[] a, int ai, float[] b, int bi, float[] out, int o) {
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
        // treeSum's order in registers: storing the accumulators and summing them back from memory stalls store
        // forwarding, and this is a decoded token's matrix-vector product (most of its time when done through memory)
        float r0 = VectorOps.sumLanes(s0), r1 = VectorOps.sumLanes(s1), r2 = VectorOps.sumLanes(s2), r3 = VectorOps.sumLanes(s3);
        for (; p < k; p++) {
            float av = a[ai + p];
            r0 = Math.fma(av, b[bi + p], r0);
            r1 = Math.fma(av, b[b1 + p], r1);
            r2 = Math.fma(av, b[b2 + p], r2);
            r3 = Math.fma(av, b[b3 + p], r3);
        }
        out[o] = r0;
        out[o + 1] = r1;
        out[o + 2] = r2;
        out[o + 3] = r3;
    }

    /**
     * C[M,N] (+)= A·B[K,N] for a few rows, A stored [M,K] or, when aTrans, [K,M]: A is packed into
     * zero-padded MR-row strips (rows k apart) and each NR-wide panel of B is read in place (stride N) by the
     * micro-kernel for every strip, over all of k in one pass.
     */
    static void nnRows(boolean aTrans, int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                       float[] c, int cOff, boolean accumulate) {
        nnRows(GemmBlocked.KERNEL, aTrans, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }

    /** {@link #nnRows} with a given micro-kernel (tests run every tile this way). */
    static void nnRows(GemmMicroKernel kern, boolean aTrans, int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                       float[] c, int cOff, boolean accumulate) {
        int MR = kern.mr, NR = kern.nr;
        int strips = (m + MR - 1) / MR;
        float[] ap = new float[strips * k * MR];
        GemmPack.packAStrips(MR, aTrans, a, aOff, aTrans ? m : k, 0, m, 0, k, ap, 0);
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
                    GemmPack.packB(NR, false, b, bOff, n, 0, k, j, jw, edge);
                    bs = edge;
                    bi = 0;
                    ldb = NR;
                }
                for (int st = 0; st < strips; st++) {
                    int i = st * MR, mr = Math.min(MR, m - i), ci = cOff + i * n + j;
                    boolean full = jw == NR && (mr == MR || mr == 1);
                    float[] ct = full ? c : tile;
                    int co = full ? ci : 0, ldt = full ? n : NR;
                    boolean add = full && accumulate;
                    if (mr == 1) kern.directB1(k, ap, st * k * MR, k, bs, bi, ldb, ct, co, ldt, add);
                    else kern.directB(k, ap, st * k * MR, k, bs, bi, ldb, ct, co, ldt, add);
                    if (!full) GemmBlocked.merge(NR, tile, mr, jw, c, ci, n, accumulate);
                }
            }
        });
    }

    /**
     * Lane sum of t[o .. o+L) as a fixed pairwise tree: lane j += lane j + L/2, then j + L/4, ... (the
     * order of {@link VectorOps#sumLanes}); overwrites t.
     */
    static float treeSum(float[] t, int o) {
        for (int h = L / 2; h >= 1; h >>= 1) {
            for (int j = 0; j < h; j++) t[o + j] += t[o + j + h];
        }
        return t[o];
    }

    // Butterfly masks (lanes whose index has bit d) and lane swaps (j -> j ^ d) for dot4x4 when L == 16.
    private static final VectorMask<Float> M8 = bit(8), M4 = bit(4), M2 = bit(2), M1 = bit(1);
    private static final VectorShuffle<Float> X8 = swap(8), X4 = swap(4), X2 = swap(2), X1 = swap(1);

    private static VectorMask<Float> bit(int d) {
        boolean[] m = new boolean[L];
        for (int j = 0; j < L; j++) m[j] = (j & d) != 0;
        return VectorMask.fromArray(S, m, 0);
    }

    private static VectorShuffle<Float> swap(int d) {
        return VectorShuffle.fromOp(S, j -> (j ^ d) & (L - 1));
    }

    private static int tasks(int n, int granule) {
        return Math.max(1, Math.min(Parallel.threads() * 4, n / Math.max(granule, MIN_COLS)));
    }
}
