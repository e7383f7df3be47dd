package io.hone.train.merge;

import io.hone.core.HoneException;
import io.hone.core.kernel.Gemm;
import io.hone.core.model.LayerWeights;
import io.hone.core.model.LlamaWeights;
import io.hone.core.ops.DenseLinear;
import io.hone.core.ops.Linear;
import io.hone.core.quant.Nf4Linear;
import io.hone.train.DoraLinear;
import io.hone.train.LoraLinear;

/**
 * Folds adapters into dense weights as PEFT's {@code merge_and_unload}: LoRA W' = W + (B·A)·s; DoRA
 * W' = (m / ‖W + (B·A)·s‖)·(W + (B·A)·s), norms per output row. Biases are kept. New arrays are made for the merged
 * projections; the base weights are not modified. A 4-bit ({@link Nf4Linear}) base — QLoRA — is dequantized to FP32
 * first, adapted or not, so the result is a plain dense model.
 */
public final class AdapterMerge {
    private AdapterMerge() {}

    /** The same model with every {@link LoraLinear}/{@link DoraLinear} replaced by its merged {@link DenseLinear}. */
    public static LlamaWeights fold(LlamaWeights w) {
        LayerWeights[] layers = w.layers().clone();
        for (int l = 0; l < layers.length; l++) {
            for (String proj : LayerWeights.MODULES) layers[l] = layers[l].with(proj, fold(layers[l].module(proj)));
        }
        return new LlamaWeights(w.embed(), layers, w.finalNorm(), w.lmHead());
    }

    /** One layer merged; layers without an adapter are returned as they are. */
    public static Linear fold(Linear lin) {
        return switch (lin) {
            case LoraLinear l -> {
                DenseLinear base = dense(l.base(), l.a().name());
                yield new DenseLinear(addDelta(base, l.b().value(), l.a().value(), (int) l.a().shape()[0], l.scale()),
                        base.bias(), base.outFeatures(), base.inFeatures());
            }
            case DoraLinear d -> {
                DenseLinear base = d.base();
                int out = base.outFeatures(), in = base.inFeatures();
                float[] w = addDelta(base, d.b().value(), d.a().value(), (int) d.a().shape()[0], d.scale());
                float[] m = d.magnitude().value();
                for (int o = 0; o < out; o++) {
                    double ss = 0;
                    for (int i = 0; i < in; i++) ss += (double) w[o * in + i] * w[o * in + i];
                    float factor = m[o] / (float) Math.sqrt(ss);
                    for (int i = 0; i < in; i++) w[o * in + i] *= factor;
                }
                yield new DenseLinear(w, base.bias(), out, in);
            }
            case Nf4Linear n -> dequantize(n);
            default -> lin;
        };
    }

    /** W + (B·A)·s in a new array. */
    private static float[] addDelta(DenseLinear base, float[] b, float[] a, int r, float scale) {
        int out = base.outFeatures(), in = base.inFeatures();
        float[] ba = new float[out * in];
        Gemm.nn(out, in, r, b, 0, a, 0, ba, 0, false);
        float[] w = base.weight(), merged = new float[out * in];
        for (int i = 0; i < merged.length; i++) merged[i] = w[i] + ba[i] * scale;
        return merged;
    }

    private static DenseLinear dense(Linear base, String what) {
        return switch (base) {
            case DenseLinear d -> d;
            case Nf4Linear n -> dequantize(n);
            default -> throw new HoneException(what + ": merging needs a dense or 4-bit base weight, got " + base.getClass().getSimpleName());
        };
    }

    /** A 4-bit base projection as the FP32 weight QLoRA trained against (code·absmax per value). */
    private static DenseLinear dequantize(Nf4Linear n) {
        return new DenseLinear(n.weight().dequantize(), n.bias(), n.outFeatures(), n.inFeatures());
    }
}
