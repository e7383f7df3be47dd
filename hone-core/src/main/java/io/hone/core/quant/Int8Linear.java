package io.hone.core.quant;

import io.hone.core.kernel.GemmPanels;
import io.hone.core.kernel.VectorOps;
import io.hone.core.ops.Linear;

import java.util.Arrays;

/**
 * A linear layer over a {@link Q8Tensor} weight [out, in] (+ optional FP32 bias), dequantized inside the matmuls:
 * a few rows ({@link io.hone.core.kernel.Gemm#ROWS} FEW, decode) in registers ({@link Q8Gemv}), many rows (prefill)
 * one KC×64 panel at a time into the blocked GEMM's per-thread buffer ({@link GemmPanels}, k slices aligned to the
 * group). The FP32 weight never exists in full.
 */
public final class Int8Linear implements Linear {
    private static final int P = GemmPanels.PANEL;
    private static final ThreadLocal<float[][]> ROWS = ThreadLocal.withInitial(() -> new float[][]{new float[0]});

    private final Q8Tensor weight;
    private final float[] bias;

    public Int8Linear(Q8Tensor weight, float[] bias) {
        if (bias != null && bias.length != weight.rows()) throw new IllegalArgumentException("bias length " + bias.length + " != " + weight.rows());
        this.weight = weight;
        this.bias = bias;
    }

    /** Quantizes a dense [out, in] weight in groups of {@code groupSize} per row. */
    public static Int8Linear quantize(float[] weight, float[] bias, int out, int in, int groupSize) {
        return new Int8Linear(Q8Tensor.quantize(weight, out, in, groupSize), bias);
    }

    public Q8Tensor weight() {
        return weight;
    }

    public float[] bias() {
        return bias;
    }

    @Override
    public int inFeatures() {
        return weight.cols();
    }

    @Override
    public int outFeatures() {
        return weight.rows();
    }

    @Override
    public void forward(float[] x, int rows, float[] y) {
        int out = weight.rows(), in = weight.cols();
        Gemv.check("x", x, (long) rows * in);
        Gemv.check("y", y, (long) rows * out);
        if (Gemv.few(rows)) Q8Gemv.forward(weight, x, rows, y);
        else GemmPanels.run(rows, out, in, x, 0, this::packTransposed, weight.groupSize(), y, 0, false);
        if (bias != null) for (int r = 0; r < rows; r++) VectorOps.add(y, r * out, bias, 0, out);
    }

    /** dx[rows, in] += dy[rows, out] · W. */
    @Override
    public void backwardInput(float[] dy, int rows, float[] dx) {
        int out = weight.rows(), in = weight.cols();
        Gemv.check("dy", dy, (long) rows * out);
        Gemv.check("dx", dx, (long) rows * in);
        GemmPanels.run(rows, in, out, dy, 0, this::packDirect, 1, dx, 0, true);
    }

    private void packTransposed(int p0, int kb, int j0, int nb, float[] dst) {
        float[][] holder = ROWS.get();
        if (holder[0].length < P * kb) holder[0] = new float[P * kb];
        float[] rows = holder[0];
        for (int q = 0; q * P < nb; q++) {
            int jw = Math.min(P, nb - q * P);
            for (int jj = 0; jj < jw; jj++) dequantize(j0 + q * P + jj, p0, kb, rows, jj * kb);
            GemmPanels.packTransposed(rows, 0, kb, kb, jw, dst, q * kb * P);
        }
    }

    private void packDirect(int p0, int kb, int j0, int nb, float[] dst) {
        for (int q = 0; q * P < nb; q++) {
            int jw = Math.min(P, nb - q * P), d = q * kb * P;
            for (int p = 0; p < kb; p++, d += P) {
                dequantize(p0 + p, j0 + q * P, jw, dst, d);
                if (jw < P) Arrays.fill(dst, d + jw, d + P, 0f);
            }
        }
    }

    /** W[row, c0 .. c0+n] → dst[d ..], group by group (q · d in float, as {@link Q8Tensor#get}). */
    private void dequantize(int row, int c0, int n, float[] dst, int d) {
        byte[] q = weight.q();
        int cols = weight.cols(), g = weight.groupSize(), base = row * cols;
        for (int c = c0, end = c0 + n; c < end; ) {
            int stop = Math.min(end, (c / g + 1) * g);
            float s = weight.scale(row, c / g);
            for (; c < stop; c++) dst[d + c - c0] = q[base + c] * s;
        }
    }
}
