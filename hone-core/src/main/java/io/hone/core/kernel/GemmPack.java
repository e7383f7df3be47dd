package io.hone.core.kernel;

import java.util.Arrays;

import static io.hone.core.kernel.GemmMicroKernel.MR;
import static io.hone.core.kernel.GemmMicroKernel.NR;

/** Copies blocks of A and B into the zero-padded panel layouts {@link GemmMicroKernel} reads. */
final class GemmPack {
    private GemmPack() {}

    /**
     * Packs B[p0 .. p0+kb, j0 .. j0+nb] into panels of NR columns: panel q holds B[p, j0+q*NR+jj] at
     * dst[q*kb*NR + p*NR + jj], columns past nb zero. B is stored [K,N] (ldb = N) or, when trans, [N,K]
     * (ldb = K, so B[p, j] = b[bOff + j*ldb + p]).
     */
    static void packB(boolean trans, float[] b, int bOff, int ldb, int p0, int kb, int j0, int nb, float[] dst) {
        int panels = (nb + NR - 1) / NR;
        for (int q = 0; q < panels; q++) {
            int jw = Math.min(NR, nb - q * NR);
            int d = q * kb * NR;
            if (trans) packPanelT(b, bOff + (j0 + q * NR) * ldb + p0, ldb, kb, jw, dst, d);
            else packPanelN(b, bOff + p0 * ldb + j0 + q * NR, ldb, kb, jw, dst, d);
        }
    }

    private static void packPanelN(float[] b, int src, int ldb, int kb, int jw, float[] dst, int d) {
        for (int p = 0; p < kb; p++, src += ldb, d += NR) {
            System.arraycopy(b, src, dst, d, jw);
            if (jw < NR) Arrays.fill(dst, d + jw, d + NR, 0f);
        }
    }

    /** Transposing copy: four source rows at a time so each pass writes 16 contiguous bytes per p. */
    private static void packPanelT(float[] b, int src, int ldb, int kb, int jw, float[] dst, int d) {
        int jj = 0;
        for (; jj + 4 <= jw; jj += 4) {
            int s0 = src + jj * ldb, s1 = s0 + ldb, s2 = s1 + ldb, s3 = s2 + ldb;
            for (int p = 0, o = d + jj; p < kb; p++, o += NR) {
                dst[o] = b[s0 + p];
                dst[o + 1] = b[s1 + p];
                dst[o + 2] = b[s2 + p];
                dst[o + 3] = b[s3 + p];
            }
        }
        for (; jj < jw; jj++) {
            int s = src + jj * ldb;
            for (int p = 0, o = d + jj; p < kb; p++, o += NR) dst[o] = b[s + p];
        }
        if (jw < NR) {
            for (int p = 0, o = d; p < kb; p++, o += NR) Arrays.fill(dst, o + jw, o + NR, 0f);
        }
    }

    /**
     * Packs rows i0 .. i1 of A[:, p0 .. p0+kb] as strips of MR rows: strip t holds A[i0+t*MR+r, p0+p] at
     * dst[dOff + t*kb*MR + p*MR + r], rows past i1 zero. A is stored [M,K] (lda = K) or, when trans, [K,M]
     * (lda = M, so A[i, p] = a[aOff + p*lda + i]).
     */
    static void packAStrips(boolean trans, float[] a, int aOff, int lda, int i0, int i1, int p0, int kb, float[] dst, int dOff) {
        int strips = (i1 - i0 + MR - 1) / MR;
        for (int t = 0; t < strips; t++) {
            int ir = i0 + t * MR, mr = Math.min(MR, i1 - ir), d = dOff + t * kb * MR;
            if (mr < MR) Arrays.fill(dst, d, d + kb * MR, 0f);
            if (trans) {
                for (int p = 0, s = aOff + p0 * lda + ir; p < kb; p++, s += lda, d += MR) {
                    if (mr == MR) {
                        dst[d] = a[s];
                        dst[d + 1] = a[s + 1];
                        dst[d + 2] = a[s + 2];
                        dst[d + 3] = a[s + 3];
                        dst[d + 4] = a[s + 4];
                        dst[d + 5] = a[s + 5];
                    } else {
                        for (int r = 0; r < mr; r++) dst[d + r] = a[s + r];
                    }
                }
            } else {
                for (int r = 0; r < mr; r++) {
                    for (int p = 0, s = aOff + (ir + r) * lda + p0; p < kb; p++) dst[d + p * MR + r] = a[s + p];
                }
            }
        }
    }
}
