package io.hone.core.quant;

import io.hone.core.kernel.GemmPanels;

/**
 * A linear layer over a {@link Q8Tensor} weight [out, in] (+ optional FP32 bias), dequantized inside the matmuls:
 * a few rows ({@link io.hone.core.kernel.Gemm#ROWS} FEW, decode) in registers ({@link Q8Gemv}), many rows (prefill)
 * one KC×64 panel at a time into the blocked GEMM's per-thread buffer ({@link GemmPanels}, k slices aligned to the
 * group). The FP32 weight never exists in full.
 */
public final class Int8Linear extends RowDecodedLinear {
    private final Q8Tensor weight;

    public Int8Linear(Q8Tensor weight, float[] bias) {
        super(weight.rows(), weight.cols(), bias);
        this.weight = weight;
    }

    /** Quantizes a dense [out, in] weight in groups of {@code groupSize} per row. */
    public static Int8Linear quantize(float[] weight, float[] bias, int out, int in, int groupSize) {
        return new Int8Linear(Q8Tensor.quantize(weight, out, in, groupSize), bias);
    }

    public Q8Tensor weight() {
        return weight;
    }

    @Override
    void gemv(float[] x, int rows, float[] y) {
        Q8Gemv.forward(weight, x, rows, y);
    }

    @Override
    int kAlignment() {
        return weight.groupSize();
    }

    /** W[row, c0 .. c0+n] → dst[d ..], group by group (q · d in float, as {@link Q8Tensor#get}). */
    @Override
    void decodeRun(int row, int c0, int n, float[] dst, int d) {
        byte[] q = weight.q();
        int cols = weight.cols(), g = weight.groupSize(), base = row * cols;
        for (int c = c0, end = c0 + n; c < end; ) {
            int stop = Math.min(end, (c / g + 1) * g);
            float s = weight.scale(row, c / g);
            for (; c < stop; c++) dst[d + c - c0] = q[base + c] * s;
        }
    }
}
