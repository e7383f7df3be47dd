package io.hone.train.pref;

import io.hone.core.generate.TokenLogProbs;
import io.hone.core.model.LayerWeights;
import io.hone.core.model.LlamaModel;
import io.hone.core.model.LlamaWeights;
import io.hone.core.model.ModelConfig;
import io.hone.core.ops.Linear;
import io.hone.train.DoraLinear;
import io.hone.train.LoraLinear;
import io.hone.train.data.TrainingSequence;

import java.util.List;

/**
 * The frozen reference of DPO/IPO: with an adapter, the base with the adapter switched off (its layers' base
 * projections, shared, no copy); in full fine-tuning, the weights as they are before the first step. Its sequence
 * log-probs are computed once, in eval mode, before training (TRL's {@code precompute_ref_log_probs}), through
 * {@link TokenLogProbs} as every other eval-mode score in hone.
 */
public final class ReferenceModel {
    private ReferenceModel() {}

    /** The weights with every adapter layer replaced by its base projection. */
    public static LlamaWeights withoutAdapters(LlamaWeights w) {
        LayerWeights[] layers = w.layers().clone();
        for (int l = 0; l < layers.length; l++) {
            for (String proj : LayerWeights.MODULES) {
                Linear m = layers[l].module(proj);
                if (m instanceof LoraLinear lora) layers[l] = layers[l].with(proj, lora.base());
                else if (m instanceof DoraLinear dora) layers[l] = layers[l].with(proj, dora.base());
            }
        }
        return new LlamaWeights(w.embed(), layers, w.finalNorm(), w.lmHead());
    }

    /** Sequence log-probs [pair][chosen, rejected] of each pair (sums, or per-token means when {@code averaged}). */
    public static double[][] logProbs(ModelConfig cfg, LlamaWeights weights, List<PreferencePair> pairs, boolean averaged) {
        var model = new LlamaModel(cfg, weights);
        double[][] out = new double[pairs.size()][];
        for (int i = 0; i < pairs.size(); i++) {
            PreferencePair p = pairs.get(i);
            out[i] = new double[]{sequence(model, p.chosen(), averaged), sequence(model, p.rejected(), averaged)};
        }
        return out;
    }

    /** Summed (or mean) log-prob of an example's labelled tokens under {@code model}'s eval-mode forward. */
    public static double sequence(LlamaModel model, TrainingSequence e, boolean averaged) {
        double sum = 0;
        int n = 0;
        for (double lp : TokenLogProbs.of(model, e.ids(), e.labels())) {
            if (Double.isNaN(lp)) continue;
            sum += lp;
            n++;
        }
        return averaged ? sum / n : sum;
    }
}
