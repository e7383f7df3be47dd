package io.hone.core.ops;

/** LlamaRMSNorm in FP32: y = x / sqrt(mean(x²) + eps) * w, per row. */
public final class RmsNorm {
    private RmsNorm() {}

    /** Writes y and, when {@code invRms} is non-null, the per-row 1/rms (the activation a backward needs). */
    public static void forward(float[] x, float[] w, float[] y, int rows, int dim, double eps, float[] invRms) {
        for (int r = 0; r < rows; r++) {
            int o = r * dim;
            float ss = 0f;
            for (int i = 0; i < dim; i++) ss = Math.fma(x[o + i], x[o + i], ss);
            float inv = (float) (1.0 / Math.sqrt(ss / dim + (float) eps));
            if (invRms != null) invRms[r] = inv;
            for (int i = 0; i < dim; i++) y[o + i] = w[i] * (x[o + i] * inv);
        }
    }
}
