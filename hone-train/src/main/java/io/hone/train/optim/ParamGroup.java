package io.hone.train.optim;

import io.hone.train.Param;

import java.util.ArrayList;
import java.util.List;

/**
 * Tensors that share a base learning rate and weight decay (torch's {@code param_groups}). A schedule multiplies the
 * base rate at every step.
 */
public record ParamGroup(List<Param> params, double lr, double weightDecay) {
    public ParamGroup {
        params = List.copyOf(params);
        if (!(lr >= 0)) throw new IllegalArgumentException("learning rate must be >= 0, got " + lr);
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
    }

    /**
     * LoRA+ (Hayou et al. 2024) as PEFT's {@code create_loraplus_optimizer} groups it: {@code lora_B} matrices and 1-D
     * tensors (DoRA magnitudes, biases) train at {@code lr · ratio}, everything else at {@code lr}. Empty groups are
     * left out; ratio 1 gives one group.
     */
    public static List<ParamGroup> loraPlus(List<Param> params, double lr, double weightDecay, double ratio) {
        if (ratio == 1) return List.of(new ParamGroup(params, lr, weightDecay));
        var a = new ArrayList<Param>();
        var b = new ArrayList<Param>();
        for (Param p : params) (p.name().contains("lora_B") || p.shape().length == 1 ? b : a).add(p);
        var groups = new ArrayList<ParamGroup>();
        if (!a.isEmpty()) groups.add(new ParamGroup(a, lr, weightDecay));
        if (!b.isEmpty()) groups.add(new ParamGroup(b, lr * ratio, weightDecay));
        return groups;
    }

    /**
     * The fine-tuning trainer's groups: {@link #loraPlus}, each split as transformers' Trainer does into tensors with
     * weight decay and biases/norms without.
     */
    public static List<ParamGroup> forTraining(List<Param> params, double lr, double weightDecay, double loraPlusRatio) {
        var groups = new ArrayList<ParamGroup>();
        for (ParamGroup g : loraPlus(params, lr, weightDecay, loraPlusRatio)) {
            var decay = new ArrayList<Param>();
            var none = new ArrayList<Param>();
            for (Param p : g.params()) (p.name().endsWith(".bias") || p.name().contains("norm") ? none : decay).add(p);
            if (!decay.isEmpty()) groups.add(new ParamGroup(decay, g.lr(), weightDecay));
            if (!none.isEmpty()) groups.add(new ParamGroup(none, g.lr(), 0));
        }
        return groups;
    }
}
