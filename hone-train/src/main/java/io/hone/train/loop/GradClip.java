package io.hone.train.loop;

import io.hone.train.Param;

import java.util.List;

/** {@code torch.nn.utils.clip_grad_norm_}: scales all gradients by min(1, max_norm/(‖g‖ + 1e-6)), ‖g‖ the global L2 norm. */
public final class GradClip {
    private GradClip() {}

    /** Global L2 norm of all gradients (summed in double). */
    public static double norm(List<Param> params) {
        double sum = 0;
        for (Param p : params) for (float g : p.grad()) sum += (double) g * g;
        return Math.sqrt(sum);
    }

    /** Clips in place when {@code maxNorm > 0} and returns the norm before clipping (NaN/inf left as they are). */
    public static double clip(List<Param> params, double maxNorm) {
        double norm = norm(params);
        if (maxNorm <= 0 || !Double.isFinite(norm)) return norm;
        double coef = Math.min(1.0, maxNorm / (norm + 1e-6));
        if (coef < 1.0) scale(params, (float) coef);
        return norm;
    }

    public static void scale(List<Param> params, float factor) {
        for (Param p : params) {
            float[] g = p.grad();
            for (int i = 0; i < g.length; i++) g[i] *= factor;
        }
    }
}
