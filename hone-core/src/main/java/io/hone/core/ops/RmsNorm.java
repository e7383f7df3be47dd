package io.hone.core.ops;

import io.hone.core.kernel.Parallel;

/**
 * LlamaRMSNorm in FP32: y = x / sqrt(mean(x²) + eps) * w, per row. Rows are split over threads (each row's
 * arithmetic is unchanged); the weight gradient is split by column and sums rows in order, so no result depends on
 * the thread count.
 */
public final class RmsNorm {
    private RmsNorm() {}

    /** Below this many elements the work stays on the calling thread. */
    private static final int PARALLEL_MIN = 1 << 15;

    private static void split(int n, int elemsPerItem, Parallel.RangeBody body) {
        if ((long) n * elemsPerItem < PARALLEL_MIN) body.run(0, n);
        else Parallel.forRange(n, body);
    }

    /** Writes y and, when {@code invRms} is non-null, the per-row 1/rms (the activation a backward needs). */
    public static void forward(float[] x, float[] w, float[] y, int rows, int dim, double eps, float[] invRms) {
        split(rows, dim, (from, to) -> {
            for (int r = from; r < to; r++) {
                int o = r * dim;
                float ss = 0f;
                for (int i = 0; i < dim; i++) ss = Math.fma(x[o + i], x[o + i], ss);
                float inv = (float) (1.0 / Math.sqrt(ss / dim + (float) eps));
                if (invRms != null) invRms[r] = inv;
                for (int i = 0; i < dim; i++) y[o + i] = w[i] * (x[o + i] * inv);
            }
        });
    }

    /**
     * Backward of {@link #forward} from the saved 1/rms: {@code dx += ∂L/∂x} and, when {@code dw} is non-null,
     * {@code dw += ∂L/∂w}. With ρ = 1/rms: ∂L/∂x_j = ρ·w_j·dy_j − x_j·ρ³/dim·Σ_i w_i·dy_i·x_i.
     */
    public static void backward(float[] x, float[] w, float[] invRms, float[] dy, float[] dx, float[] dw, int rows, int dim) {
        if (dx != null) {
            split(rows, dim, (from, to) -> {
                for (int r = from; r < to; r++) {
                    int o = r * dim;
                    float inv = invRms[r];
                    double dot = 0;
                    for (int i = 0; i < dim; i++) dot += (double) w[i] * dy[o + i] * x[o + i];
                    float coef = (float) (dot * inv * inv * inv / dim);
                    for (int i = 0; i < dim; i++) dx[o + i] += inv * w[i] * dy[o + i] - coef * x[o + i];
                }
            });
        }
        if (dw != null) {
            split(dim, rows, (from, to) -> {
                for (int r = 0; r < rows; r++) {
                    int o = r * dim;
                    float inv = invRms[r];
                    for (int i = from; i < to; i++) dw[i] += dy[o + i] * (x[o + i] * inv);
                }
            });
        }
    }
}
