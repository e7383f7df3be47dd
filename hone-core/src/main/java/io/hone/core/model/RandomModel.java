package io.hone.core.model;

import io.hone.core.HoneException;
import io.hone.core.io.SafetensorsWriter;
import io.hone.core.ops.DenseLinear;
import io.hone.core.ops.Linear;
import io.hone.core.quant.Nf4Linear;
import io.hone.core.quant.QuantConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded random weights (N(0, 0.02²) like transformers' initializer_range, norms at 1, biases at 0), drawn from one
 * stream in one order (embedding, then each block's q, k, v, o, gate, up, down, then an untied lm_head), so the
 * in-memory model ({@link #weights}, what benchmarks train) and the written folder ({@link #write}, {@code hone
 * init-model}: a from-scratch starting point) hold the same values for the same seed.
 */
public final class RandomModel {
    private RandomModel() {}

    /**
     * The model in memory; with {@code quant}, each decoder projection is NF4-quantized as soon as it is drawn (the
     * FP32 projections never all exist at once: the 1B shape fits a laptop).
     */
    public static LlamaWeights weights(ModelConfig c, long seed, QuantConfig quant) {
        var rnd = new SplittableRandom(seed);
        int h = c.hiddenSize(), inter = c.intermediateSize(), q = c.qDim(), kv = c.kvDim();
        float[] embed = normal(rnd, (long) c.vocabSize() * h);
        LayerWeights[] layers = new LayerWeights[c.numLayers()];
        for (int l = 0; l < layers.length; l++) {
            Linear qp = linear(rnd, q, h, c.qkvBias(), quant), kp = linear(rnd, kv, h, c.qkvBias(), quant);
            Linear vp = linear(rnd, kv, h, c.qkvBias(), quant), op = linear(rnd, h, q, c.oBias(), quant);
            Linear gate = linear(rnd, inter, h, c.mlpBias(), quant), up = linear(rnd, inter, h, c.mlpBias(), quant);
            Linear down = linear(rnd, h, inter, c.mlpBias(), quant);
            layers[l] = new LayerWeights(ones(h), qp, kp, vp, op, ones(h), gate, up, down);
        }
        float[] head = c.tieWordEmbeddings() ? embed : normal(rnd, (long) c.vocabSize() * h);
        return new LlamaWeights(embed, layers, ones(h), new DenseLinear(head, null, c.vocabSize(), h));
    }

    /** A Hugging Face model folder (config.json + model.safetensors) holding {@link #weights}{@code (c, seed, null)}. */
    public static void write(ModelConfig c, Path dir, long seed) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new HoneException(dir + ": cannot create (" + e.getMessage() + ")");
        }
        LlamaWeights m = weights(c, seed, null);
        var w = new SafetensorsWriter();
        long h = c.hiddenSize();
        w.addF32("model.embed_tokens.weight", new long[]{c.vocabSize(), h}, m.embed());
        for (int i = 0; i < c.numLayers(); i++) {
            String p = "model.layers." + i + ".";
            LayerWeights l = m.layers()[i];
            w.addF32(p + "input_layernorm.weight", new long[]{h}, l.attnNorm());
            w.addF32(p + "post_attention_layernorm.weight", new long[]{h}, l.mlpNorm());
            for (String module : LayerWeights.MODULES) {
                String kind = LayerWeights.MODULES.indexOf(module) < 4 ? "self_attn." : "mlp.";
                add(w, p + kind + module, (DenseLinear) l.module(module));
            }
        }
        w.addF32("model.norm.weight", new long[]{h}, m.finalNorm());
        if (!c.tieWordEmbeddings()) add(w, "lm_head", (DenseLinear) m.lmHead());
        w.metadata("format", "pt");
        w.write(dir.resolve("model.safetensors"));
        ConfigWriter.write(c, dir.resolve("config.json"));
    }

    private static void add(SafetensorsWriter w, String name, DenseLinear l) {
        w.addF32(name + ".weight", new long[]{l.outFeatures(), l.inFeatures()}, l.weight());
        if (l.bias() != null) w.addF32(name + ".bias", new long[]{l.outFeatures()}, l.bias());
    }

    private static Linear linear(SplittableRandom rnd, int out, int in, boolean bias, QuantConfig quant) {
        float[] w = normal(rnd, (long) out * in), b = bias ? new float[out] : null;
        return quant == null ? new DenseLinear(w, b, out, in) : Nf4Linear.quantize(w, b, out, in, quant);
    }

    private static float[] normal(SplittableRandom rnd, long n) {
        float[] a = new float[Math.toIntExact(n)];
        for (int i = 0; i < a.length; i++) a[i] = (float) (gaussian(rnd) * 0.02);
        return a;
    }

    private static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble(), u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        Arrays.fill(a, 1f);
        return a;
    }
}
