package io.hone.train.optim;

import io.hone.train.Param;

import java.util.List;

/** torch.nn.utils.clip_grad_norm_ with the L2 norm. */
public final class GradClip {
    private GradClip() {}

    /** What the trainer does each step: {@link #clipGlobalNorm} when {@code maxNorm} > 0, else {@link #globalNorm}. */
    public static double clip(List<Param> params, double maxNorm) {
        return maxNorm > 0 ? clipGlobalNorm(params, maxNorm) : globalNorm(params);
    }

    /**
     * Scales every gradient by min(1, maxNorm / (‖g‖ + 1e-6)), ‖g‖ the L2 norm over all tensors together, and returns
     * ‖g‖ before clipping (what trainers log as {@code grad_norm}). A NaN norm turns the grads to NaN, as in torch.
     */
    public static double clipGlobalNorm(List<Param> params, double maxNorm) {
        double ss = 0;
        for (Param p : params) for (float g : p.grad()) ss += (double) g * g;
        float total = (float) Math.sqrt(ss);
        float coef = Math.min((float) maxNorm / (total + 1e-6f), 1f);
        if (coef != 1f) for (Param p : params) {
            float[] g = p.grad();
            for (int i = 0; i < g.length; i++) g[i] *= coef;
        }
        return total;
    }

    /** ‖g‖₂ over all tensors, without clipping. */
    public static double globalNorm(List<Param> params) {
        double ss = 0;
        for (Param p : params) for (float g : p.grad()) ss += (double) g * g;
        return Math.sqrt(ss);
    }
}
