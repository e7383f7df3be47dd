package io.hone.core.quant;

import io.hone.core.kernel.GemmPanels;
import io.hone.core.kernel.VectorOps;
import io.hone.core.ops.Linear;

/**
 * A linear layer over a 4-bit {@link Nf4Tensor} weight [out, in] (+ optional FP32 bias). The matmuls decode the
 * weight tile by tile inside the GEMM ({@link GemmPanels}: one KC×64 panel at a time into a per-thread buffer)
 * or, for a few rows, in registers ({@link Nf4Gemv}); the FP32 weight never exists in full.
 */
public final class Nf4Linear implements Linear {
    private final Nf4Tensor weight;
    private final float[] bias;
    private final GemmPanels.PanelSource forwardPanels, inputGradPanels;

    public Nf4Linear(Nf4Tensor weight, float[] bias) {
        if (bias != null && bias.length != weight.rows()) throw new IllegalArgumentException("bias length " + bias.length + " != " + weight.rows());
        this.weight = weight;
        this.bias = bias;
        this.forwardPanels = Nf4Panels.transposed(weight);
        this.inputGradPanels = Nf4Panels.direct(weight);
    }

    /** Quantizes a dense [out, in] weight. */
    public static Nf4Linear quantize(float[] weight, float[] bias, int out, int in, QuantConfig cfg) {
        return new Nf4Linear(Nf4Tensor.quantize(weight, out, in, cfg), bias);
    }

    public Nf4Tensor weight() {
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
        check("x", x, (long) rows * in);
        check("y", y, (long) rows * out);
        if (Nf4Gemv.applies(weight, rows)) Nf4Gemv.forward(weight, x, rows, y);
        else GemmPanels.run(rows, out, in, x, 0, forwardPanels, 16, y, 0, false);
        if (bias != null) for (int r = 0; r < rows; r++) VectorOps.add(y, r * out, bias, 0, out);
    }

    /** dx[rows, in] += dy[rows, out] · W. */
    @Override
    public void backwardInput(float[] dy, int rows, float[] dx) {
        int out = weight.rows(), in = weight.cols();
        check("dy", dy, (long) rows * out);
        check("dx", dx, (long) rows * in);
        GemmPanels.run(rows, in, out, dy, 0, inputGradPanels, 1, dx, 0, true);
    }

    private static void check(String name, float[] a, long need) {
        if (a.length < need) throw new IndexOutOfBoundsException(name + " has " + a.length + " values, needs " + need);
    }
}
