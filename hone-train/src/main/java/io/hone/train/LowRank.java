package io.hone.train;

import io.hone.core.kernel.Gemm;

/**
 * The low-rank pair shared by LoRA and DoRA: A [r, in], B [out, r], scale s, input dropout p.
 * Forward: xd = dropout(x), u = s·xd·Aᵀ [rows, r] (saved), lora = u·Bᵀ [rows, out].
 */
final class LowRank {
    final Param a, b;
    final int r, in, out;
    final float scale;
    final double dropout;

    LowRank(Param a, Param b, float scale, double dropout) {
        this.a = a;
        this.b = b;
        this.r = (int) a.shape()[0];
        this.in = (int) a.shape()[1];
        this.out = (int) b.shape()[0];
        if (b.shape()[1] != r) throw new IllegalArgumentException(b.name() + " has rank " + b.shape()[1] + ", " + a.name() + " has " + r);
        this.scale = scale;
        this.dropout = dropout;
    }

    /** x itself when there is no dropout, else a dropped copy. */
    float[] dropped(float[] x, int rows, long seed) {
        if (dropout <= 0) return x;
        float[] xd = new float[rows * in];
        Dropout.apply(x, xd, rows * in, dropout, seed);
        return xd;
    }

    /** u = s·xd·Aᵀ, formed as (A·xdᵀ)ᵀ: with r columns the GEMM is far faster with r as its row count. */
    float[] down(float[] xd, int rows) {
        float[] uT = new float[r * rows];
        Gemm.nt(r, rows, in, a.value(), 0, xd, 0, uT, 0, false);
        return transpose(uT, r, rows, scale);
    }

    /** y (+)= u·Bᵀ. */
    void up(float[] u, int rows, float[] y, boolean accumulate) {
        Gemm.nt(rows, out, r, u, 0, b.value(), 0, y, 0, accumulate);
    }

    /**
     * From dL/dlora [rows, out]: dB += dloraᵀ·u, du = s·dlora·B, dA += duᵀ·xd and, when dx is non-null,
     * dx += dropout'(du·A). The products with r output columns are formed transposed (r rows), as in {@link #down}.
     */
    void backward(float[] xd, float[] u, float[] dLora, int rows, float[] dx, long seed) {
        float[] dBt = new float[r * out];
        Gemm.tn(r, out, rows, u, 0, dLora, 0, dBt, 0, false);
        float[] gb = b.grad();
        for (int o = 0; o < out; o++) for (int j = 0; j < r; j++) gb[o * r + j] += dBt[j * out + o];
        float[] duT = new float[r * rows];
        Gemm.nt(r, rows, out, transpose(b.value(), out, r, 1f), 0, dLora, 0, duT, 0, false);
        for (int i = 0; i < duT.length; i++) duT[i] *= scale;
        Gemm.nn(r, in, rows, duT, 0, xd, 0, a.grad(), 0, true);
        if (dx == null) return;
        float[] du = transpose(duT, r, rows, 1f);
        if (dropout <= 0) {
            Gemm.nn(rows, in, r, du, 0, a.value(), 0, dx, 0, true);
        } else {
            float[] g = new float[rows * in];
            Gemm.nn(rows, in, r, du, 0, a.value(), 0, g, 0, false);
            Dropout.backwardAdd(g, dx, rows * in, dropout, seed);
        }
    }

    /** s·xᵀ for x [n, m]. */
    private static float[] transpose(float[] x, int n, int m, float s) {
        float[] t = new float[n * m];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) t[j * n + i] = x[i * m + j] * s;
        return t;
    }

    /** Eval-mode (no dropout) forward of the adapter path alone: y += s·x·Aᵀ·Bᵀ. */
    void addEval(float[] x, int rows, float[] y) {
        up(down(x, rows), rows, y, true);
    }
}
