package io.hone.core.quant;

import io.hone.core.HoneException;
import io.hone.core.model.LayerWeights;
import io.hone.core.model.LlamaWeights;
import io.hone.core.ops.DenseLinear;
import io.hone.core.ops.Linear;

/**
 * Quantize-on-load: every decoder projection becomes an {@link Nf4Linear}; embeddings, norms and lm_head stay
 * as they are (what transformers' bitsandbytes integration converts: the nn.Linear modules except the output
 * embedding).
 */
public final class QuantizeModel {
    private QuantizeModel() {}

    public static LlamaWeights quantize(LlamaWeights w, QuantConfig cfg) {
        LayerWeights[] layers = w.layers().clone();
        for (int i = 0; i < layers.length; i++) {
            for (String m : LayerWeights.MODULES) layers[i] = layers[i].with(m, quantize(layers[i].module(m), cfg, i + "." + m));
        }
        return new LlamaWeights(w.embed(), layers, w.finalNorm(), w.lmHead());
    }

    private static Linear quantize(Linear l, QuantConfig cfg, String where) {
        if (l instanceof Nf4Linear) return l;
        if (!(l instanceof DenseLinear d)) throw new HoneException("layer " + where + ": cannot quantize a " + l.getClass().getSimpleName());
        return Nf4Linear.quantize(d.weight(), d.bias(), d.outFeatures(), d.inFeatures(), cfg);
    }
}
