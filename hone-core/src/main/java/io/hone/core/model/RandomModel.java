package io.hone.core.model;

import io.hone.core.io.SafetensorsWriter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a Hugging Face model folder with seeded random weights (N(0, 0.02²) like transformers'
 * initializer_range, norms at 1): for benchmarks and as a from-scratch starting point.
 */
public final class RandomModel {
    private RandomModel() {}

    public static void write(ModelConfig c, Path dir, long seed) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new io.hone.core.HoneException(dir + ": cannot create (" + e.getMessage() + ")");
        }
        var rnd = new SplittableRandom(seed);
        var w = new SafetensorsWriter();
        long h = c.hiddenSize();
        w.addF32("model.embed_tokens.weight", new long[]{c.vocabSize(), h}, normal(rnd, c.vocabSize() * h));
        for (int i = 0; i < c.numLayers(); i++) {
            String p = "model.layers." + i + ".";
            w.addF32(p + "input_layernorm.weight", new long[]{h}, ones(h));
            w.addF32(p + "post_attention_layernorm.weight", new long[]{h}, ones(h));
            linear(w, rnd, p + "self_attn.q_proj", c.qDim(), h, c.qkvBias());
            linear(w, rnd, p + "self_attn.k_proj", c.kvDim(), h, c.qkvBias());
            linear(w, rnd, p + "self_attn.v_proj", c.kvDim(), h, c.qkvBias());
            linear(w, rnd, p + "self_attn.o_proj", h, c.qDim(), c.oBias());
            linear(w, rnd, p + "mlp.gate_proj", c.intermediateSize(), h, c.mlpBias());
            linear(w, rnd, p + "mlp.up_proj", c.intermediateSize(), h, c.mlpBias());
            linear(w, rnd, p + "mlp.down_proj", h, c.intermediateSize(), c.mlpBias());
        }
        w.addF32("model.norm.weight", new long[]{h}, ones(h));
        if (!c.tieWordEmbeddings()) w.addF32("lm_head.weight", new long[]{c.vocabSize(), h}, normal(rnd, c.vocabSize() * h));
        w.metadata("format", "pt");
        w.write(dir.resolve("model.safetensors"));
        ConfigWriter.write(c, dir.resolve("config.json"));
    }

    private static void linear(SafetensorsWriter w, SplittableRandom rnd, String name, long out, long in, boolean bias) {
        w.addF32(name + ".weight", new long[]{out, in}, normal(rnd, out * in));
        if (bias) w.addF32(name + ".bias", new long[]{out}, new float[(int) out]);
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

    private static float[] ones(long n) {
        float[] a = new float[(int) n];
        java.util.Arrays.fill(a, 1f);
        return a;
    }
}
