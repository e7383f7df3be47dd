package io.hone.core.ops;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled product behind {@link FlashAttention}: up to four rows of C[·, 0..n) (+)= Σ_{k in [k0, k1)}
 * A(m, k)·B[k, ·], with A addressed by strides (so Aᵀ needs no copy) and B's rows contiguous. Single-threaded; each
 * element sums k in increasing order, so results depend only on the inputs.
 */
final class AttentionTiles {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private AttentionTiles() {}

    /**
     * @param m  rows of C in this tile (1..4): A(r, k) = a[aOff + r·am + k·ak], C row r at c[cOff + r·ldc]
     * @param n  columns, a multiple of {@link #L}; B row k at b[bOff + k·ldb]
     */
    static void mm(int m, int n, int k0, int k1, float[] a, int aOff, int am, int ak, float[] b, int bOff, int ldb,
                   float[] c, int cOff, int ldc, boolean accumulate) {
        // rows past m repeat the last row's reads and are never stored
        int a0 = aOff, a1 = aOff + Math.min(1, m - 1) * am, a2 = aOff + Math.min(2, m - 1) * am, a3 = aOff + Math.min(3, m - 1) * am;
        int j = 0;
        for (; j + 4 * L <= n; j += 4 * L) block4(m, j, k0, k1, a, a0, a1, a2, a3, ak, b, bOff, ldb, c, cOff, ldc, accumulate);
        for (; j < n; j += L) block1(m, j, k0, k1, a, a0, a1, a2, a3, ak, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    private static FloatVector init(boolean acc, int r, int m, float[] c, int off) {
        return acc && r < m ? FloatVector.fromArray(S, c, off) : FloatVector.zero(S);
    }

    private static void block4(int m, int j, int k0, int k1, float[] a, int a0, int a1, int a2, int a3, int ak,
                               float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean acc) {
        int c0 = cOff + j, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        FloatVector x00 = init(acc, 0, m, c, c0), x01 = init(acc, 0, m, c, c0 + L), x02 = init(acc, 0, m, c, c0 + 2 * L), x03 = init(acc, 0, m, c, c0 + 3 * L);
        FloatVector x10 = init(acc, 1, m, c, c1), x11 = init(acc, 1, m, c, c1 + L), x12 = init(acc, 1, m, c, c1 + 2 * L), x13 = init(acc, 1, m, c, c1 + 3 * L);
        FloatVector x20 = init(acc, 2, m, c, c2), x21 = init(acc, 2, m, c, c2 + L), x22 = init(acc, 2, m, c, c2 + 2 * L), x23 = init(acc, 2, m, c, c2 + 3 * L);
        FloatVector x30 = init(acc, 3, m, c, c3), x31 = init(acc, 3, m, c, c3 + L), x32 = init(acc, 3, m, c, c3 + 2 * L), x33 = init(acc, 3, m, c, c3 + 3 * L);
        for (int k = k0; k < k1; k++) {
            int bo = bOff + k * ldb + j;
            FloatVector b0 = FloatVector.fromArray(S, b, bo), b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bo + 2 * L), b3 = FloatVector.fromArray(S, b, bo + 3 * L);
            int ko = k * ak;
            FloatVector s = FloatVector.broadcast(S, a[a0 + ko]);
            x00 = b0.fma(s, x00); x01 = b1.fma(s, x01); x02 = b2.fma(s, x02); x03 = b3.fma(s, x03);
            s = FloatVector.broadcast(S, a[a1 + ko]);
            x10 = b0.fma(s, x10); x11 = b1.fma(s, x11); x12 = b2.fma(s, x12); x13 = b3.fma(s, x13);
            s = FloatVector.broadcast(S, a[a2 + ko]);
            x20 = b0.fma(s, x20); x21 = b1.fma(s, x21); x22 = b2.fma(s, x22); x23 = b3.fma(s, x23);
            s = FloatVector.broadcast(S, a[a3 + ko]);
            x30 = b0.fma(s, x30); x31 = b1.fma(s, x31); x32 = b2.fma(s, x32); x33 = b3.fma(s, x33);
        }
        x00.intoArray(c, c0); x01.intoArray(c, c0 + L); x02.intoArray(c, c0 + 2 * L); x03.intoArray(c, c0 + 3 * L);
        if (m > 1) { x10.intoArray(c, c1); x11.intoArray(c, c1 + L); x12.intoArray(c, c1 + 2 * L); x13.intoArray(c, c1 + 3 * L); }
        if (m > 2) { x20.intoArray(c, c2); x21.intoArray(c, c2 + L); x22.intoArray(c, c2 + 2 * L); x23.intoArray(c, c2 + 3 * L); }
        if (m > 3) { x30.intoArray(c, c3); x31.intoArray(c, c3 + L); x32.intoArray(c, c3 + 2 * L); x33.intoArray(c, c3 + 3 * L); }
    }

    private static void block1(int m, int j, int k0, int k1, float[] a, int a0, int a1, int a2, int a3, int ak,
                               float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean acc) {
        int c0 = cOff + j, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        FloatVector x0 = init(acc, 0, m, c, c0), x1 = init(acc, 1, m, c, c1), x2 = init(acc, 2, m, c, c2), x3 = init(acc, 3, m, c, c3);
        for (int k = k0; k < k1; k++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bOff + k * ldb + j);
            int ko = k * ak;
            x0 = b0.fma(FloatVector.broadcast(S, a[a0 + ko]), x0);
            x1 = b0.fma(FloatVector.broadcast(S, a[a1 + ko]), x1);
            x2 = b0.fma(FloatVector.broadcast(S, a[a2 + ko]), x2);
            x3 = b0.fma(FloatVector.broadcast(S, a[a3 + ko]), x3);
        }
        x0.intoArray(c, c0);
        if (m > 1) x1.intoArray(c, c1);
        if (m > 2) x2.intoArray(c, c2);
        if (m > 3) x3.intoArray(c, c3);
    }
}
