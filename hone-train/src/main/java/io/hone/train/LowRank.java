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

    /** u = s·xd·Aᵀ. */
    float[] down(float[] xd, int rows) {
        float[] u = new float[rows * r];
        Gemm.nt(rows, r, in, xd, 0, a.value(), 0, u, 0, false);
        for (int i = 0; i < u.length; i++) u[i] *= scale;
        return u;
    }

    /** y (+)= u·Bᵀ. */
    void up(float[] u, int rows, float[] y, boolean accumulate) {
        Gemm.nt(rows, out, r, u, 0, b.value(), 0, y, 0, accumulate);
    }

    /**
     * From dL/dlora [rows, out]: dB += dloraᵀ·u, du = s·dlora·B, dA += duᵀ·xd and, when dx is non-null,
     * dx += dropout'(du·A).
     */
    void backward(float[] xd, float[] u, float[] dLora, int rows, float[] dx, long seed) {
        Gemm.tn(out, r, rows, dLora, 0, u, 0, b.grad(), 0, true);
        float[] du = new float[rows * r];
        Gemm.nn(rows, r, out, dLora, 0, b.value(), 0, du, 0, false);
        for (int i = 0; i < du.length; i++) du[i] *= scale;
        Gemm.tn(r, in, rows, du, 0, xd, 0, a.grad(), 0, true);
        if (dx == null) return;
        if (dropout <= 0) {
            Gemm.nn(rows, in, r, du, 0, a.value(), 0, dx, 0, true);
        } else {
            float[] g = new float[rows * in];
            Gemm.nn(rows, in, r, du, 0, a.value(), 0, g, 0, false);
            Dropout.backwardAdd(g, dx, rows * in, dropout, seed);
        }
    }

    /** Eval-mode (no dropout) forward of the adapter path alone: y += s·x·Aᵀ·Bᵀ. */
    void addEval(float[] x, int rows, float[] y) {
        up(down(x, rows), rows, y, true);
    }
}
