package io.hone.core.quant;

import io.hone.core.io.Bf16;
import io.hone.core.kernel.GemmPanels;

/**
 * A linear layer over a BF16 weight [out, in] kept as stored (2 bytes per value; the FP32 weight never exists) and an
 * optional FP32 bias. The conversion is fused into the matmuls: a few rows ({@link io.hone.core.kernel.Gemm#ROWS}
 * FEW, decode) widen the weight in registers ({@link Bf16Gemv}); many rows (prefill) convert one KC×64 panel at a
 * time into the blocked GEMM's per-thread buffer ({@link GemmPanels}). Widening BF16 to FP32 is exact, so this
 * computes what {@link io.hone.core.ops.DenseLinear} computes on the widened weight, up to summation order.
 */
public final class Bf16Linear extends RowDecodedLinear {
    private final short[] weight;

    public Bf16Linear(short[] weight, float[] bias, int out, int in) {
        super(out, in, bias);
        if (weight.length != (long) out * in) throw new IllegalArgumentException("weight length " + weight.length + " != " + out + "x" + in);
        this.weight = weight;
    }

    /** Rounds an FP32 weight to BF16, nearest even, as torch's {@code .to(torch.bfloat16)}. */
    public static Bf16Linear round(float[] weight, float[] bias, int out, int in) {
        short[] w = new short[weight.length];
        for (int i = 0; i < w.length; i++) w[i] = Bf16.fromFloat(weight[i]);
        return new Bf16Linear(w, bias, out, in);
    }

    /** The raw BF16 bits, row-major [out, in]. */
    public short[] weight() {
        return weight;
    }

    /** The exact FP32 widening (for tests and merges). */
    public float[] widen() {
        float[] w = new float[weight.length];
        for (int i = 0; i < w.length; i++) w[i] = Bf16.toFloat(weight[i]);
        return w;
    }

    @Override
    void gemv(float[] x, int rows, float[] y) {
        Bf16Gemv.forward(weight, out, in, x, rows, y);
    }

    @Override
    void decodeRun(int row, int c0, int n, float[] dst, int d) {
        for (int i = 0, from = row * in + c0; i < n; i++) dst[d + i] = Float.intBitsToFloat(weight[from + i] << 16);
    }
}
