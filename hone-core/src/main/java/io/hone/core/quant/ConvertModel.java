package io.hone.core.quant;

import io.hone.core.HoneException;
import io.hone.core.model.LayerWeights;
import io.hone.core.model.LlamaWeights;
import io.hone.core.ops.DenseLinear;
import io.hone.core.ops.Linear;

/**
 * Puts loaded FP32 weights into an inference {@link WeightFormat}. BF16 and INT8 convert the seven decoder projections
 * and lm_head (the decode step streams all of them; llama.cpp's Q8_0 files quantize the output matrix too); the
 * embedding table stays FP32 for the row lookup. 4-bit converts the projections only ({@link QuantizeModel}).
 */
public final class ConvertModel {
    private ConvertModel() {}

    public static LlamaWeights convert(LlamaWeights w, WeightFormat f) {
        if (f == null) return w;
        if (f instanceof WeightFormat.FourBit fb) return QuantizeModel.quantize(w, fb.config());
        LayerWeights[] layers = w.layers().clone();
        for (int i = 0; i < layers.length; i++) {
            for (String m : LayerWeights.MODULES) layers[i] = layers[i].with(m, convert(layers[i].module(m), f, "layer " + i + "." + m));
        }
        return new LlamaWeights(w.embed(), layers, w.finalNorm(), convert(w.lmHead(), f, "lm_head"));
    }

    /** One layer; layers already in the format are kept. */
    public static Linear convert(Linear l, WeightFormat f, String where) {
        return switch (f) {
            case WeightFormat.Bf16 b -> l instanceof Bf16Linear ? l
                    : Bf16Linear.round(dense(l, where).weight(), dense(l, where).bias(), l.outFeatures(), l.inFeatures());
            case WeightFormat.Int8 i -> l instanceof Int8Linear ? l
                    : Int8Linear.quantize(dense(l, where).weight(), dense(l, where).bias(), l.outFeatures(), l.inFeatures(), i.groupSize());
            case WeightFormat.FourBit fb -> throw new IllegalArgumentException("4-bit formats convert whole models");
        };
    }

    private static DenseLinear dense(Linear l, String where) {
        if (l instanceof DenseLinear d) return d;
        throw new HoneException(where + ": cannot convert a " + l.getClass().getSimpleName() + " (expected FP32 weights)");
    }
}
