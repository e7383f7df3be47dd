package io.hone.train.optim;

import io.hone.core.HoneException;
import io.hone.core.kernel.Parallel;
import io.hone.train.Param;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * torch.optim.AdamW (single-tensor CPU path, amsgrad off), operation for operation in FP32 with the scalars formed
 * in double as Python does:
 * <pre>
 *   p ← p·(1 − lr·wd)                       decoupled weight decay, before the moments
 *   m ← lerp(m, g, 1 − β1)                  v ← v·β2 + (1 − β2)·g·g
 *   step_size = lr / (1 − β1^t)             denom = √v / √(1 − β2^t) + eps
 *   p ← p + (−step_size·m) / denom
 * </pre>
 * lr per group is the group's base rate times the schedule factor passed to {@link #step(double)}. Tensors update in
 * parallel; each one's arithmetic is the same whatever the thread count.
 */
public final class AdamW {
    private final List<ParamGroup> groups;
    private final double beta1, beta2, eps;
    private final Map<Param, float[][]> moments = new HashMap<>();
    private long step;

    public AdamW(List<ParamGroup> groups, double beta1, double beta2, double eps) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + ", " + beta2);
        if (!(eps >= 0)) throw new IllegalArgumentException("eps must be >= 0, got " + eps);
        this.groups = List.copyOf(groups);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        var names = new HashMap<String, Param>();
        for (ParamGroup g : this.groups) {
            for (Param p : g.params()) {
                if (names.put(p.name(), p) != null) throw new IllegalArgumentException("parameter '" + p.name() + "' is in more than one group");
                moments.put(p, new float[][]{new float[p.value().length], new float[p.value().length]});
            }
        }
    }

    /** torch's defaults: betas (0.9, 0.999), eps 1e-8; one group. */
    public static AdamW of(List<Param> params, double lr, double weightDecay) {
        return new AdamW(List.of(new ParamGroup(params, lr, weightDecay)), 0.9, 0.999, 1e-8);
    }

    /**
     * The fine-tuning trainer's optimizer: torch's defaults over {@link ParamGroup#forTraining} (LoRA+ groups, biases
     * and norms without weight decay).
     */
    public static AdamW forTraining(List<Param> params, double lr, double weightDecay, double loraPlusRatio) {
        return new AdamW(ParamGroup.forTraining(params, lr, weightDecay, loraPlusRatio), 0.9, 0.999, 1e-8);
    }

    public List<ParamGroup> groups() {
        return groups;
    }

    /** Optimizer steps taken so far. */
    public long steps() {
        return step;
    }

    /** One update at the base learning rates. */
    public void step() {
        step(1.0);
    }

    /** One update with every group's lr = base lr × {@code lrFactor} (a schedule's multiplier). Grads are not zeroed. */
    public void step(double lrFactor) {
        step++;
        double bc1 = 1 - Math.pow(beta1, step);
        float bc2 = (float) Math.sqrt(1 - Math.pow(beta2, step));
        float oneMinusBeta1 = (float) (1 - beta1), b2 = (float) beta2, oneMinusBeta2 = (float) (1 - beta2), e = (float) eps;
        var work = new ArrayList<Runnable>();
        for (ParamGroup g : groups) {
            double lr = g.lr() * lrFactor;
            float decay = (float) (1 - lr * g.weightDecay());
            float negStepSize = (float) -(lr / bc1);
            boolean decays = g.weightDecay() != 0;
            for (Param p : g.params()) {
                float[][] mv = moments.get(p);
                work.add(() -> update(p.value(), p.grad(), mv[0], mv[1], decays, decay, oneMinusBeta1, b2, oneMinusBeta2, negStepSize, bc2, e));
            }
        }
        Parallel.forEach(work.size(), i -> work.get(i).run());
    }

    private static void update(float[] w, float[] grad, float[] m, float[] v, boolean decays, float decay, float oneMinusBeta1,
                               float b2, float oneMinusBeta2, float negStepSize, float bc2, float e) {
        for (int i = 0; i < w.length; i++) {
            if (decays) w[i] *= decay;
            float gi = grad[i];
            m[i] = Math.fma(oneMinusBeta1, gi - m[i], m[i]); // torch lerp_ for weight < 0.5
            v[i] = v[i] * b2 + oneMinusBeta2 * gi * gi;
            float denom = (float) Math.sqrt(v[i]) / bc2 + e;
            w[i] = w[i] + negStepSize * m[i] / denom;
        }
    }

    /** Step count and moments, for a checkpoint. The arrays are copies. */
    public OptimizerState state() {
        Map<String, float[]> t = new LinkedHashMap<>();
        for (ParamGroup g : groups) {
            for (Param p : g.params()) {
                float[][] mv = moments.get(p);
                t.put(p.name() + OptimizerState.EXP_AVG, mv[0].clone());
                t.put(p.name() + OptimizerState.EXP_AVG_SQ, mv[1].clone());
            }
        }
        return new OptimizerState(step, t);
    }

    /** Restores {@link #state()}: every parameter's moments must be present with the right length. */
    public void load(OptimizerState s) {
        for (ParamGroup g : groups) {
            for (Param p : g.params()) {
                float[][] mv = moments.get(p);
                copy(s, p.name() + OptimizerState.EXP_AVG, mv[0]);
                copy(s, p.name() + OptimizerState.EXP_AVG_SQ, mv[1]);
            }
        }
        int expected = 2 * moments.size();
        if (s.tensors().size() != expected) {
            throw new HoneException("optimizer state has " + s.tensors().size() + " tensors, this model's optimizer has " + expected);
        }
        step = s.step();
    }

    private static void copy(OptimizerState s, String key, float[] into) {
        float[] src = s.tensors().get(key);
        if (src == null) throw new HoneException("optimizer state has no tensor '" + key + "'");
        if (src.length != into.length) throw new HoneException("optimizer state tensor '" + key + "' has " + src.length + " values, expected " + into.length);
        System.arraycopy(src, 0, into, 0, into.length);
    }
}
