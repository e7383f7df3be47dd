package io.hone.train;

import io.hone.core.model.LayerWeights;
import io.hone.core.model.LlamaWeights;
import io.hone.core.model.ModelConfig;
import io.hone.core.model.RopeScaling;
import io.hone.core.ops.DenseLinear;

import java.util.List;
import java.util.SplittableRandom;

/** Small random Llama-family models for gradient checks. */
final class TinyModels {
    private TinyModels() {}

    static ModelConfig config(boolean tied, boolean qkvBias) {
        return new ModelConfig("llama", 40, 16, 24, 2, 4, 2, 4, 1e-5, RopeScaling.plain(10000), 64,
                tied, qkvBias, false, false, 0, 1, List.of(2), "float32");
    }

    static LlamaWeights weights(ModelConfig c, long seed) {
        var rnd = new SplittableRandom(seed);
        int h = c.hiddenSize();
        float[] embed = random(rnd, c.vocabSize() * h, 1.0);
        LayerWeights[] layers = new LayerWeights[c.numLayers()];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = new LayerWeights(norm(rnd, h),
                    linear(rnd, c.qDim(), h, c.qkvBias()), linear(rnd, c.kvDim(), h, c.qkvBias()),
                    linear(rnd, c.kvDim(), h, c.qkvBias()), linear(rnd, h, c.qDim(), false), norm(rnd, h),
                    linear(rnd, c.intermediateSize(), h, false), linear(rnd, c.intermediateSize(), h, false),
                    linear(rnd, h, c.intermediateSize(), false));
        }
        float[] head = c.tieWordEmbeddings() ? embed : random(rnd, c.vocabSize() * h, 0.3);
        return new LlamaWeights(embed, layers, norm(rnd, h), new DenseLinear(head, null, c.vocabSize(), h));
    }

    static Batch batch(ModelConfig c, long seed, int rows, int seq, int maskedPrefix) {
        var rnd = new SplittableRandom(seed);
        int[] ids = new int[rows * seq];
        long[] labels = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rnd.nextInt(c.vocabSize());
            labels[i] = i % seq < maskedPrefix ? -100 : ids[i];
        }
        return new Batch(ids, labels, rows, seq);
    }

    /** Random B so that the adapter path matters (PEFT starts B at zero). */
    static void randomizeB(List<Param> params, long seed) {
        var rnd = new SplittableRandom(seed);
        for (Param p : params) {
            if (p.name().endsWith("lora_B.weight")) for (int i = 0; i < p.value().length; i++) p.value()[i] = (float) (rnd.nextGaussian() * 0.3);
        }
    }

    static float[] random(SplittableRandom rnd, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rnd.nextGaussian() * scale);
        return a;
    }

    private static float[] norm(SplittableRandom rnd, int h) {
        float[] w = new float[h];
        for (int i = 0; i < h; i++) w[i] = (float) (1 + 0.2 * rnd.nextGaussian());
        return w;
    }

    private static DenseLinear linear(SplittableRandom rnd, int out, int in, boolean bias) {
        return new DenseLinear(random(rnd, out * in, 1 / Math.sqrt(in)), bias ? random(rnd, out, 0.1) : null, out, in);
    }
}
