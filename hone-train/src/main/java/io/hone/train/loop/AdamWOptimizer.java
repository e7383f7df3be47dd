package io.hone.train.loop;

import io.hone.core.HoneException;
import io.hone.train.Param;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * AdamW as {@code torch.optim.AdamW} (single-tensor path, FP32): decoupled weight decay p ← p·(1 − lr·wd), then
 * m ← m + (1−β1)(g − m), v ← β2·v + (1−β2)·g², denom = √v / √(1−β2ᵗ) + ε, p ← p − (lr/(1−β1ᵗ))·m/denom.
 * Per-parameter learning-rate multipliers give parameter groups (LoRA+ puts B at ratio × lr); parameters for which
 * {@code decays} is false (biases and norms, as transformers' Trainer groups them) get no weight decay.
 */
public final class AdamWOptimizer implements Optimizer {
    private final double beta1, beta2, eps, weightDecay;
    private final ToDoubleFunction<Param> lrScale;
    private final Predicate<Param> decays;
    private final Map<String, float[]> m = new LinkedHashMap<>(), v = new LinkedHashMap<>();
    private long step;

    public AdamWOptimizer(double beta1, double beta2, double eps, double weightDecay,
                          ToDoubleFunction<Param> lrScale, Predicate<Param> decays) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.lrScale = lrScale;
        this.decays = decays;
    }

    /** torch defaults (β = 0.9, 0.999, ε = 1e-8), one learning rate, decay on everything but biases and norms. */
    public static AdamWOptimizer of(double weightDecay) {
        return new AdamWOptimizer(0.9, 0.999, 1e-8, weightDecay, p -> 1.0, AdamWOptimizer::decaysByDefault);
    }

    /** transformers' Trainer: no weight decay for biases and normalisation weights. */
    public static boolean decaysByDefault(Param p) {
        String n = p.name();
        return !n.endsWith(".bias") && !n.contains("norm");
    }

    @Override
    public void step(List<Param> params, double lr) {
        step++;
        double bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
        for (Param p : params) {
            double plr = lr * lrScale.applyAsDouble(p);
            float[] mm = m.computeIfAbsent(p.name(), k -> new float[p.value().length]);
            float[] vv = v.computeIfAbsent(p.name(), k -> new float[p.value().length]);
            float decay = (float) (1 - plr * (decays.test(p) ? weightDecay : 0));
            float oneMinusB1 = (float) (1 - beta1), b2 = (float) beta2, oneMinusB2 = (float) (1 - beta2);
            float bc2Sqrt = (float) Math.sqrt(bc2), epsF = (float) eps, stepSize = (float) (plr / bc1);
            float[] w = p.value(), g = p.grad();
            for (int i = 0; i < w.length; i++) {
                float gi = g[i];
                w[i] *= decay;
                mm[i] += oneMinusB1 * (gi - mm[i]);
                vv[i] = vv[i] * b2 + oneMinusB2 * gi * gi;
                float denom = (float) Math.sqrt(vv[i]) / bc2Sqrt + epsF;
                w[i] -= stepSize * (mm[i] / denom);
            }
        }
    }

    @Override
    public Map<String, float[]> state() {
        var s = new LinkedHashMap<String, float[]>();
        m.forEach((k, a) -> s.put(k + ".exp_avg", a));
        v.forEach((k, a) -> s.put(k + ".exp_avg_sq", a));
        return s;
    }

    @Override
    public long stepCount() {
        return step;
    }

    @Override
    public void load(Map<String, float[]> state, long step) {
        m.clear();
        v.clear();
        state.forEach((k, a) -> {
            if (k.endsWith(".exp_avg")) m.put(k.substring(0, k.length() - ".exp_avg".length()), a.clone());
            else if (k.endsWith(".exp_avg_sq")) v.put(k.substring(0, k.length() - ".exp_avg_sq".length()), a.clone());
            else throw new HoneException("optimizer state: unknown tensor '" + k + "' (expected <param>.exp_avg or .exp_avg_sq)");
        });
        if (!m.keySet().equals(v.keySet())) throw new HoneException("optimizer state: exp_avg and exp_avg_sq name different parameters");
        this.step = step;
    }
}
