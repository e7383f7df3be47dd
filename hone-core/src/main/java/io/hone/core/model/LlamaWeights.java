package io.hone.core.model;

import io.hone.core.HoneException;
import io.hone.core.io.TensorSource;
import io.hone.core.ops.DenseLinear;
import io.hone.core.ops.Linear;
import io.hone.core.quant.Bf16Linear;
import io.hone.core.quant.Bnb4bit;
import io.hone.core.quant.Nf4Linear;

import java.util.Arrays;

/**
 * Loads and shape-checks the Llama-family tensors (HF names) against the config. Projections stored as
 * bitsandbytes 4-bit weights (a {@code .weight.quant_state.bitsandbytes__*} key) load as {@link Nf4Linear}.
 */
public record LlamaWeights(float[] embed, LayerWeights[] layers, float[] finalNorm, Linear lmHead) {

    public static LlamaWeights load(TensorSource src, ModelConfig c) {
        return load(src, c, false);
    }

    /**
     * With {@code bf16}, the decoder projections and lm_head load as {@link Bf16Linear}s straight from the file (BF16
     * tensors as stored, F32/F16 rounded to nearest even), never as an FP32 copy; the embedding table is read as FP32
     * for the row lookup (a tied lm_head gets its BF16 rounding).
     */
    public static LlamaWeights load(TensorSource src, ModelConfig c, boolean bf16) {
        var r = new Loader(src, bf16);
        int h = c.hiddenSize();
        float[] embed = r.get("model.embed_tokens.weight", c.vocabSize(), h);
        LayerWeights[] layers = new LayerWeights[c.numLayers()];
        for (int i = 0; i < layers.length; i++) {
            String p = "model.layers." + i + ".";
            layers[i] = new LayerWeights(
                    r.get(p + "input_layernorm.weight", h),
                    r.linear(p + "self_attn.q_proj", c.qDim(), h, c.qkvBias()),
                    r.linear(p + "self_attn.k_proj", c.kvDim(), h, c.qkvBias()),
                    r.linear(p + "self_attn.v_proj", c.kvDim(), h, c.qkvBias()),
                    r.linear(p + "self_attn.o_proj", h, c.qDim(), c.oBias()),
                    r.get(p + "post_attention_layernorm.weight", h),
                    r.linear(p + "mlp.gate_proj", c.intermediateSize(), h, c.mlpBias()),
                    r.linear(p + "mlp.up_proj", c.intermediateSize(), h, c.mlpBias()),
                    r.linear(p + "mlp.down_proj", h, c.intermediateSize(), c.mlpBias()));
        }
        float[] norm = r.get("model.norm.weight", h);
        Linear head;
        if (c.tieWordEmbeddings() || !src.has("lm_head.weight")) {
            if (!c.tieWordEmbeddings()) {
                throw new HoneException(src.describe() + ": tensor 'lm_head.weight' is missing and config.json has tie_word_embeddings=false");
            }
            head = bf16 ? Bf16Linear.round(embed, null, c.vocabSize(), h) : new DenseLinear(embed, null, c.vocabSize(), h);
        } else {
            head = r.linear("lm_head", c.vocabSize(), h, false);
        }
        return new LlamaWeights(embed, layers, norm, head);
    }

    private record Loader(TensorSource src, boolean bf16) {
        float[] get(String name, long... expected) {
            check(name, expected);
            return src.floats(name);
        }

        private void check(String name, long... expected) {
            if (!src.has(name)) {
                throw new HoneException(src.describe() + ": tensor '" + name + "' is missing (expected shape "
                        + Arrays.toString(expected) + " from config.json)");
            }
            long[] shape = src.shape(name);
            if (!Arrays.equals(shape, expected)) {
                throw new HoneException(src.describe(name) + ": tensor '" + name + "' has shape " + Arrays.toString(shape)
                        + " but config.json implies " + Arrays.toString(expected));
            }
        }

        Linear linear(String prefix, int out, int in, boolean bias) {
            float[] b = bias ? get(prefix + ".bias", out) : null;
            if (Bnb4bit.isQuantized(src, prefix)) return new Nf4Linear(Bnb4bit.read(src, prefix, out, in), b);
            if (bf16) {
                check(prefix + ".weight", out, in);
                return new Bf16Linear(src.bf16(prefix + ".weight"), b, out, in);
            }
            float[] w = get(prefix + ".weight", out, in);
            return new DenseLinear(w, b, out, in);
        }
    }
}
