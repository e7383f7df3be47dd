package io.hone.core.quant;

import io.hone.core.kernel.GemmPanels;
import io.hone.core.kernel.VectorOps;
import io.hone.core.ops.Linear;

import java.util.Arrays;

/**
 * What {@link Bf16Linear} and {@link Int8Linear} share: a weight [out, in] stored compactly and decoded to FP32 inside
 * the matmuls, never whole. A few rows ({@link io.hone.core.kernel.Gemm#ROWS} FEW, decode) go to the format's fused
 * kernel; many rows (prefill, input gradients) to the blocked GEMM over panels decoded one KC×64 block at a time into
 * a per-thread buffer ({@link GemmPanels}). A format supplies the fused kernel and how to decode a run of a row.
 */
abstract sealed class RowDecodedLinear implements Linear permits Bf16Linear, Int8Linear {
    private static final int P = GemmPanels.PANEL;
    private static final ThreadLocal<float[][]> ROWS = ThreadLocal.withInitial(() -> new float[][]{new float[0]});

    final int out, in;
    final float[] bias;

    RowDecodedLinear(int out, int in, float[] bias) {
        if (bias != null && bias.length != out) throw new IllegalArgumentException("bias length " + bias.length + " != " + out);
        this.out = out;
        this.in = in;
        this.bias = bias;
    }

    /** W[row, c0 .. c0+n) as FP32 into dst[d ..]. */
    abstract void decodeRun(int row, int c0, int n, float[] dst, int d);

    /** The fused few-rows kernel: y[rows, out] = x[rows, in]·Wᵀ, each row's bits independent of {@code rows}. */
    abstract void gemv(float[] x, int rows, float[] y);

    /** The k slices of the blocked GEMM start at multiples of this (a quantization group never straddles two). */
    int kAlignment() {
        return 1;
    }

    public float[] bias() {
        return bias;
    }

    @Override
    public int inFeatures() {
        return in;
    }

    @Override
    public int outFeatures() {
        return out;
    }

    @Override
    public void forward(float[] x, int rows, float[] y) {
        Gemv.check("x", x, (long) rows * in);
        Gemv.check("y", y, (long) rows * out);
        if (Gemv.few(rows)) gemv(x, rows, y);
        else GemmPanels.run(rows, out, in, x, 0, this::packTransposed, kAlignment(), y, 0, false);
        if (bias != null) for (int r = 0; r < rows; r++) VectorOps.add(y, r * out, bias, 0, out);
    }

    /** dx[rows, in] += dy[rows, out] · W. */
    @Override
    public void backwardInput(float[] dy, int rows, float[] dx) {
        Gemv.check("dy", dy, (long) rows * out);
        Gemv.check("dx", dx, (long) rows * in);
        GemmPanels.run(rows, in, out, dy, 0, this::packDirect, 1, dx, 0, true);
    }

    /** Forward B[p, j] = W[j, p]: 64 weight rows decoded into a per-thread buffer, then transposed into the panel. */
    private void packTransposed(int p0, int kb, int j0, int nb, float[] dst) {
        float[][] holder = ROWS.get();
        if (holder[0].length < P * kb) holder[0] = new float[P * kb];
        float[] rows = holder[0];
        for (int q = 0; q * P < nb; q++) {
            int jw = Math.min(P, nb - q * P);
            for (int jj = 0; jj < jw; jj++) decodeRun(j0 + q * P + jj, p0, kb, rows, jj * kb);
            GemmPanels.packTransposed(rows, 0, kb, kb, jw, dst, q * kb * P);
        }
    }

    /** Input gradient B[p, j] = W[p, j]: each panel row is a contiguous run of a weight row. */
    private void packDirect(int p0, int kb, int j0, int nb, float[] dst) {
        for (int q = 0; q * P < nb; q++) {
            int jw = Math.min(P, nb - q * P), d = q * kb * P;
            for (int p = 0; p < kb; p++, d += P) {
                decodeRun(p0 + p, j0 + q * P, jw, dst, d);
                if (jw < P) Arrays.fill(dst, d + jw, d + P, 0f);
            }
        }
    }
}
