package io.hone.core.quant;

import io.hone.core.io.Bf16;
import io.hone.core.kernel.GemmPanels;
import io.hone.core.kernel.VectorOps;
import io.hone.core.ops.Linear;

import java.util.Arrays;

/**
 * A linear layer over a BF16 weight [out, in] kept as stored (2 bytes per value; the FP32 weight never exists) and an
 * optional FP32 bias. The conversion is fused into the matmuls: a few rows ({@link io.hone.core.kernel.Gemm#ROWS}
 * FEW, decode) widen the weight in registers ({@link Bf16Gemv}); many rows (prefill) convert one KC×64 panel at a
 * time into the blocked GEMM's per-thread buffer ({@link GemmPanels}). Widening BF16 to FP32 is exact, so this
 * computes what {@link io.hone.core.ops.DenseLinear} computes on the widened weight, up to summation order.
 */
public final class Bf16Linear implements Linear {
    private static final int P = GemmPanels.PANEL;
    private static final ThreadLocal<float[][]> ROWS = ThreadLocal.withInitial(() -> new float[][]{new float[0]});

    private final short[] weight;
    private final float[] bias;
    private final int out, in;

    public Bf16Linear(short[] weight, float[] bias, int out, int in) {
        if (weight.length != (long) out * in) throw new IllegalArgumentException("weight length " + weight.length + " != " + out + "x" + in);
        if (bias != null && bias.length != out) throw new IllegalArgumentException("bias length " + bias.length + " != " + out);
        this.weight = weight;
        this.bias = bias;
        this.out = out;
        this.in = in;
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

    public float[] bias() {
        return bias;
    }

    /** The exact FP32 widening (for tests and merges). */
    public float[] widen() {
        float[] w = new float[weight.length];
        for (int i = 0; i < w.length; i++) w[i] = Bf16.toFloat(weight[i]);
        return w;
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
        if (Gemv.few(rows)) Bf16Gemv.forward(weight, out, in, x, rows, y);
        else GemmPanels.run(rows, out, in, x, 0, this::packTransposed, 1, y, 0, false);
        if (bias != null) for (int r = 0; r < rows; r++) VectorOps.add(y, r * out, bias, 0, out);
    }

    /** dx[rows, in] += dy[rows, out] · W. */
    @Override
    public void backwardInput(float[] dy, int rows, float[] dx) {
        Gemv.check("dy", dy, (long) rows * out);
        Gemv.check("dx", dx, (long) rows * in);
        GemmPanels.run(rows, in, out, dy, 0, this::packDirect, 1, dx, 0, true);
    }

    /** Forward B[p, j] = W[j, p]: 64 weight rows widened into a per-thread buffer, then transposed into the panel. */
    private void packTransposed(int p0, int kb, int j0, int nb, float[] dst) {
        float[][] holder = ROWS.get();
        if (holder[0].length < P * kb) holder[0] = new float[P * kb];
        float[] rows = holder[0];
        for (int q = 0; q * P < nb; q++) {
            int jw = Math.min(P, nb - q * P);
            for (int jj = 0; jj < jw; jj++) widen(weight, (j0 + q * P + jj) * in + p0, kb, rows, jj * kb);
            GemmPanels.packTransposed(rows, 0, kb, kb, jw, dst, q * kb * P);
        }
    }

    /** Input gradient B[p, j] = W[p, j]: each panel row is a contiguous run of a weight row. */
    private void packDirect(int p0, int kb, int j0, int nb, float[] dst) {
        for (int q = 0; q * P < nb; q++) {
            int jw = Math.min(P, nb - q * P), d = q * kb * P;
            for (int p = 0; p < kb; p++, d += P) {
                widen(weight, (p0 + p) * in + j0 + q * P, jw, dst, d);
                if (jw < P) Arrays.fill(dst, d + jw, d + P, 0f);
            }
        }
    }

    private static void widen(short[] w, int from, int n, float[] dst, int d) {
        for (int i = 0; i < n; i++) dst[d + i] = Float.intBitsToFloat(w[from + i] << 16);
    }
}
