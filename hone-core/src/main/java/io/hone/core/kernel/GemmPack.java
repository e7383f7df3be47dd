package io.hone.core.kernel;

import jdk.incubator.vector.FloatVector;

import java.util.Arrays;

import static io.hone.core.kernel.GemmMicroKernel.L;
import static io.hone.core.kernel.GemmMicroKernel.S;

/**
 * Copies blocks of A and B into the zero-padded panel layouts {@link GemmMicroKernel} reads: B as panels of NR
 * columns, A as strips of MR rows, for the tile (MR, NR) in use.
 */
final class GemmPack {
    private GemmPack() {}

    /**
     * Packs B[p0 .. p0+kb, j0 .. j0+nb] into panels of NR columns: panel q holds B[p, j0+q*NR+jj] at
     * dst[q*kb*NR + p*NR + jj], columns past nb zero. B is stored [K,N] (ldb = N) or, when trans, [N,K]
     * (ldb = K, so B[p, j] = b[bOff + j*ldb + p]).
     */
    static void packB(int nr, boolean trans, float[] b, int bOff, int ldb, int p0, int kb, int j0, int nb, float[] dst) {
        int panels = (nb + nr - 1) / nr;
        for (int q = 0; q < panels; q++) {
            int jw = Math.min(nr, nb - q * nr);
            int d = q * kb * nr;
            if (trans) packPanelT(nr, b, bOff + (j0 + q * nr) * ldb + p0, ldb, kb, jw, dst, d);
            else packPanelN(nr, b, bOff + p0 * ldb + j0 + q * nr, ldb, kb, jw, dst, d);
        }
    }

    /** Row-by-row copy; whole panels a vector at a time (an arraycopy call per 16-float AVX2 row costs more). */
    private static void packPanelN(int nr, float[] b, int src, int ldb, int kb, int jw, float[] dst, int d) {
        if (jw == nr) {
            for (int p = 0; p < kb; p++, src += ldb, d += nr) {
                for (int v = 0; v < nr; v += L) FloatVector.fromArray(S, b, src + v).intoArray(dst, d + v);
            }
            return;
        }
        for (int p = 0; p < kb; p++, src += ldb, d += nr) {
            System.arraycopy(b, src, dst, d, jw);
            Arrays.fill(dst, d + jw, d + nr, 0f);
        }
    }

    /**
     * Transposing copy into a panel of nr columns (a multiple of L): LxL blocks in registers when vectors hold 16
     * (AVX-512) or 8 (AVX2) floats, else four rows at a time.
     */
    static void packPanelT(int nr, float[] b, int src, int ldb, int kb, int jw, float[] dst, int d) {
        int jj = 0, pv = TRANSPOSE ? kb & ~(L - 1) : 0;
        if (pv > 0) {
            for (; jj + L <= jw; jj += L) {
                if (L == 16) transpose16(nr, b, src + jj * ldb, ldb, pv, dst, d + jj);
                else transpose8(nr, b, src + jj * ldb, ldb, pv, dst, d + jj);
            }
            if (pv < kb) {
                for (int j = 0; j < jj; j++) {
                    for (int p = pv, s = src + j * ldb, o = d + pv * nr + j; p < kb; p++, o += nr) dst[o] = b[s + p];
                }
            }
        }
        for (; jj + 4 <= jw; jj += 4) {
            int s0 = src + jj * ldb, s1 = s0 + ldb, s2 = s1 + ldb, s3 = s2 + ldb;
            for (int p = 0, o = d + jj; p < kb; p++, o += nr) {
                dst[o] = b[s0 + p];
                dst[o + 1] = b[s1 + p];
                dst[o + 2] = b[s2 + p];
                dst[o + 3] = b[s3 + p];
            }
        }
        for (; jj < jw; jj++) {
            int s = src + jj * ldb;
            for (int p = 0, o = d + jj; p < kb; p++, o += nr) dst[o] = b[s + p];
        }
        if (jw < nr) {
            for (int p = 0, o = d; p < kb; p++, o += nr) Arrays.fill(dst, o + jw, o + nr, 0f);
        }
    }

    /**
     * Packs rows i0 .. i1 of A[:, p0 .. p0+kb] as strips of tile rows, each row of a strip contiguous: strip t holds
     * A[i0+t*tile+r, p0+p] at dst[dOff + t*kb*tile + r*kb + p], rows past i1 zero (the micro-kernels read a strip
     * as A rows kb apart). A is stored [M,K] (lda = K) or, when trans, [K,M] (lda = M, so A[i, p] = a[aOff + p*lda + i]).
     */
    static void packAStrips(int tile, boolean trans, float[] a, int aOff, int lda, int i0, int i1, int p0, int kb, float[] dst, int dOff) {
        int strips = (i1 - i0 + tile - 1) / tile;
        for (int t = 0; t < strips; t++) {
            int ir = i0 + t * tile, mr = Math.min(tile, i1 - ir), d = dOff + t * kb * tile;
            if (mr < tile) Arrays.fill(dst, d + mr * kb, d + tile * kb, 0f);
            if (trans) {
                // row by row: contiguous writes; the strip's kb cache lines of A^T stay in L1 across its rows
                for (int r = 0; r < mr; r++) {
                    for (int p = 0, s = aOff + p0 * lda + ir + r, o = d + r * kb; p < kb; p++, s += lda) dst[o + p] = a[s];
                }
            } else {
                for (int r = 0; r < mr; r++) System.arraycopy(a, aOff + (ir + r) * lda + p0, dst, d + r * kb, kb);
            }
        }
    }

    /** Whether B is transposed in LxL register blocks (16x16 with AVX-512, 8x8 with AVX2). */
    private static final boolean TRANSPOSE = L == 16 || L == 8;
    // Lane selectors for the LxL transpose: stage t swaps the off-diagonal 2^t blocks of row pairs.
    private static final FloatVector[] LO = new FloatVector[4], HI = new FloatVector[4];

    static {
        if (TRANSPOSE) {
            for (int t = 0; 1 << t < L; t++) {
                float[] lo = new float[L], hi = new float[L];
                int w = 1 << t;
                for (int c = 0; c < L; c++) {
                    lo[c] = (c & w) == 0 ? c : L + c - w;
                    hi[c] = (c & w) == 0 ? c + w : L + c;
                }
                LO[t] = FloatVector.fromArray(S, lo, 0);
                HI[t] = FloatVector.fromArray(S, hi, 0);
            }
        }
    }

    /**
     * dst[o + p*nr + q] = b[s + q*ldb + p] for q < 16, p < pv (a multiple of 16); needs L == 16. Unrolled by
     * hand (generated) so that the sixteen rows stay in registers.
     */
    private static void transpose16(int nr, float[] b, int s, int ldb, int pv, float[] dst, int o) {
        FloatVector lo0 = LO[0], hi0 = HI[0], lo1 = LO[1], hi1 = HI[1], lo2 = LO[2], hi2 = HI[2], lo3 = LO[3], hi3 = HI[3];
        for (int p0 = 0; p0 < pv; p0 += 16) {
            FloatVector r0 = FloatVector.fromArray(S, b, s + 0 * ldb + p0);
            FloatVector r1 = FloatVector.fromArray(S, b, s + 1 * ldb + p0);
            FloatVector r2 = FloatVector.fromArray(S, b, s + 2 * ldb + p0);
            FloatVector r3 = FloatVector.fromArray(S, b, s + 3 * ldb + p0);
            FloatVector r4 = FloatVector.fromArray(S, b, s + 4 * ldb + p0);
            FloatVector r5 = FloatVector.fromArray(S, b, s + 5 * ldb + p0);
            FloatVector r6 = FloatVector.fromArray(S, b, s + 6 * ldb + p0);
            FloatVector r7 = FloatVector.fromArray(S, b, s + 7 * ldb + p0);
            FloatVector r8 = FloatVector.fromArray(S, b, s + 8 * ldb + p0);
            FloatVector r9 = FloatVector.fromArray(S, b, s + 9 * ldb + p0);
            FloatVector r10 = FloatVector.fromArray(S, b, s + 10 * ldb + p0);
            FloatVector r11 = FloatVector.fromArray(S, b, s + 11 * ldb + p0);
            FloatVector r12 = FloatVector.fromArray(S, b, s + 12 * ldb + p0);
            FloatVector r13 = FloatVector.fromArray(S, b, s + 13 * ldb + p0);
            FloatVector r14 = FloatVector.fromArray(S, b, s + 14 * ldb + p0);
            FloatVector r15 = FloatVector.fromArray(S, b, s + 15 * ldb + p0);
            FloatVector x0_0 = r0;
            r0 = lo0.selectFrom(x0_0, r1);
            r1 = hi0.selectFrom(x0_0, r1);
            FloatVector x0_2 = r2;
            r2 = lo0.selectFrom(x0_2, r3);
            r3 = hi0.selectFrom(x0_2, r3);
            FloatVector x0_4 = r4;
            r4 = lo0.selectFrom(x0_4, r5);
            r5 = hi0.selectFrom(x0_4, r5);
            FloatVector x0_6 = r6;
            r6 = lo0.selectFrom(x0_6, r7);
            r7 = hi0.selectFrom(x0_6, r7);
            FloatVector x0_8 = r8;
            r8 = lo0.selectFrom(x0_8, r9);
            r9 = hi0.selectFrom(x0_8, r9);
            FloatVector x0_10 = r10;
            r10 = lo0.selectFrom(x0_10, r11);
            r11 = hi0.selectFrom(x0_10, r11);
            FloatVector x0_12 = r12;
            r12 = lo0.selectFrom(x0_12, r13);
            r13 = hi0.selectFrom(x0_12, r13);
            FloatVector x0_14 = r14;
            r14 = lo0.selectFrom(x0_14, r15);
            r15 = hi0.selectFrom(x0_14, r15);
            FloatVector x1_0 = r0;
            r0 = lo1.selectFrom(x1_0, r2);
            r2 = hi1.selectFrom(x1_0, r2);
            FloatVector x1_1 = r1;
            r1 = lo1.selectFrom(x1_1, r3);
            r3 = hi1.selectFrom(x1_1, r3);
            FloatVector x1_4 = r4;
            r4 = lo1.selectFrom(x1_4, r6);
            r6 = hi1.selectFrom(x1_4, r6);
            FloatVector x1_5 = r5;
            r5 = lo1.selectFrom(x1_5, r7);
            r7 = hi1.selectFrom(x1_5, r7);
            FloatVector x1_8 = r8;
            r8 = lo1.selectFrom(x1_8, r10);
            r10 = hi1.selectFrom(x1_8, r10);
            FloatVector x1_9 = r9;
            r9 = lo1.selectFrom(x1_9, r11);
            r11 = hi1.selectFrom(x1_9, r11);
            FloatVector x1_12 = r12;
            r12 = lo1.selectFrom(x1_12, r14);
            r14 = hi1.selectFrom(x1_12, r14);
            FloatVector x1_13 = r13;
            r13 = lo1.selectFrom(x1_13, r15);
            r15 = hi1.selectFrom(x1_13, r15);
            FloatVector x2_0 = r0;
            r0 = lo2.selectFrom(x2_0, r4);
            r4 = hi2.selectFrom(x2_0, r4);
            FloatVector x2_1 = r1;
            r1 = lo2.selectFrom(x2_1, r5);
            r5 = hi2.selectFrom(x2_1, r5);
            FloatVector x2_2 = r2;
            r2 = lo2.selectFrom(x2_2, r6);
            r6 = hi2.selectFrom(x2_2, r6);
            FloatVector x2_3 = r3;
            r3 = lo2.selectFrom(x2_3, r7);
            r7 = hi2.selectFrom(x2_3, r7);
            FloatVector x2_8 = r8;
            r8 = lo2.selectFrom(x2_8, r12);
            r12 = hi2.selectFrom(x2_8, r12);
            FloatVector x2_9 = r9;
            r9 = lo2.selectFrom(x2_9, r13);
            r13 = hi2.selectFrom(x2_9, r13);
            FloatVector x2_10 = r10;
            r10 = lo2.selectFrom(x2_10, r14);
            r14 = hi2.selectFrom(x2_10, r14);
            FloatVector x2_11 = r11;
            r11 = lo2.selectFrom(x2_11, r15);
            r15 = hi2.selectFrom(x2_11, r15);
            FloatVector x3_0 = r0;
            r0 = lo3.selectFrom(x3_0, r8);
            r8 = hi3.selectFrom(x3_0, r8);
            FloatVector x3_1 = r1;
            r1 = lo3.selectFrom(x3_1, r9);
            r9 = hi3.selectFrom(x3_1, r9);
            FloatVector x3_2 = r2;
            r2 = lo3.selectFrom(x3_2, r10);
            r10 = hi3.selectFrom(x3_2, r10);
            FloatVector x3_3 = r3;
            r3 = lo3.selectFrom(x3_3, r11);
            r11 = hi3.selectFrom(x3_3, r11);
            FloatVector x3_4 = r4;
            r4 = lo3.selectFrom(x3_4, r12);
            r12 = hi3.selectFrom(x3_4, r12);
            FloatVector x3_5 = r5;
            r5 = lo3.selectFrom(x3_5, r13);
            r13 = hi3.selectFrom(x3_5, r13);
            FloatVector x3_6 = r6;
            r6 = lo3.selectFrom(x3_6, r14);
            r14 = hi3.selectFrom(x3_6, r14);
            FloatVector x3_7 = r7;
            r7 = lo3.selectFrom(x3_7, r15);
            r15 = hi3.selectFrom(x3_7, r15);
            r0.intoArray(dst, o + (p0 + 0) * nr);
            r1.intoArray(dst, o + (p0 + 1) * nr);
            r2.intoArray(dst, o + (p0 + 2) * nr);
            r3.intoArray(dst, o + (p0 + 3) * nr);
            r4.intoArray(dst, o + (p0 + 4) * nr);
            r5.intoArray(dst, o + (p0 + 5) * nr);
            r6.intoArray(dst, o + (p0 + 6) * nr);
            r7.intoArray(dst, o + (p0 + 7) * nr);
            r8.intoArray(dst, o + (p0 + 8) * nr);
            r9.intoArray(dst, o + (p0 + 9) * nr);
            r10.intoArray(dst, o + (p0 + 10) * nr);
            r11.intoArray(dst, o + (p0 + 11) * nr);
            r12.intoArray(dst, o + (p0 + 12) * nr);
            r13.intoArray(dst, o + (p0 + 13) * nr);
            r14.intoArray(dst, o + (p0 + 14) * nr);
            r15.intoArray(dst, o + (p0 + 15) * nr);
        }
    }

    /** As {@link #transpose16} for 8x8 blocks (q < 8, pv a multiple of 8); needs L == 8. */
    private static void transpose8(int nr, float[] b, int s, int ldb, int pv, float[] dst, int o) {
        FloatVector lo0 = LO[0], hi0 = HI[0], lo1 = LO[1], hi1 = HI[1], lo2 = LO[2], hi2 = HI[2];
        for (int p0 = 0; p0 < pv; p0 += 8) {
            FloatVector r0 = FloatVector.fromArray(S, b, s + 0 * ldb + p0);
            FloatVector r1 = FloatVector.fromArray(S, b, s + 1 * ldb + p0);
            FloatVector r2 = FloatVector.fromArray(S, b, s + 2 * ldb + p0);
            FloatVector r3 = FloatVector.fromArray(S, b, s + 3 * ldb + p0);
            FloatVector r4 = FloatVector.fromArray(S, b, s + 4 * ldb + p0);
            FloatVector r5 = FloatVector.fromArray(S, b, s + 5 * ldb + p0);
            FloatVector r6 = FloatVector.fromArray(S, b, s + 6 * ldb + p0);
            FloatVector r7 = FloatVector.fromArray(S, b, s + 7 * ldb + p0);
            FloatVector x0_0 = r0;
            r0 = lo0.selectFrom(x0_0, r1);
            r1 = hi0.selectFrom(x0_0, r1);
            FloatVector x0_2 = r2;
            r2 = lo0.selectFrom(x0_2, r3);
            r3 = hi0.selectFrom(x0_2, r3);
            FloatVector x0_4 = r4;
            r4 = lo0.selectFrom(x0_4, r5);
            r5 = hi0.selectFrom(x0_4, r5);
            FloatVector x0_6 = r6;
            r6 = lo0.selectFrom(x0_6, r7);
            r7 = hi0.selectFrom(x0_6, r7);
            FloatVector x1_0 = r0;
            r0 = lo1.selectFrom(x1_0, r2);
            r2 = hi1.selectFrom(x1_0, r2);
            FloatVector x1_1 = r1;
            r1 = lo1.selectFrom(x1_1, r3);
            r3 = hi1.selectFrom(x1_1, r3);
            FloatVector x1_4 = r4;
            r4 = lo1.selectFrom(x1_4, r6);
            r6 = hi1.selectFrom(x1_4, r6);
            FloatVector x1_5 = r5;
            r5 = lo1.selectFrom(x1_5, r7);
            r7 = hi1.selectFrom(x1_5, r7);
            FloatVector x2_0 = r0;
            r0 = lo2.selectFrom(x2_0, r4);
            r4 = hi2.selectFrom(x2_0, r4);
            FloatVector x2_1 = r1;
            r1 = lo2.selectFrom(x2_1, r5);
            r5 = hi2.selectFrom(x2_1, r5);
            FloatVector x2_2 = r2;
            r2 = lo2.selectFrom(x2_2, r6);
            r6 = hi2.selectFrom(x2_2, r6);
            FloatVector x2_3 = r3;
            r3 = lo2.selectFrom(x2_3, r7);
            r7 = hi2.selectFrom(x2_3, r7);
            r0.intoArray(dst, o + (p0 + 0) * nr);
            r1.intoArray(dst, o + (p0 + 1) * nr);
            r2.intoArray(dst, o + (p0 + 2) * nr);
            r3.intoArray(dst, o + (p0 + 3) * nr);
            r4.intoArray(dst, o + (p0 + 4) * nr);
            r5.intoArray(dst, o + (p0 + 5) * nr);
            r6.intoArray(dst, o + (p0 + 6) * nr);
            r7.intoArray(dst, o + (p0 + 7) * nr);
        }
    }
}
