package io.hone.core.quant;

import io.hone.core.model.KvCache;
import io.hone.core.model.LayerWeights;
import io.hone.core.model.LlamaModel;
import io.hone.core.model.LlamaWeights;
import io.hone.core.model.ModelLoader;
import io.hone.core.ops.DenseLinear;
import io.hone.core.ops.Linear;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole models in the inference formats. BF16: logits equal the FP32 path's on the same BF16 weights (widened exactly
 * into DenseLinears) within 1e-4 of the logit scale (max |Δ| ≤ 1e-4 · max |logit|), prefill and decode; only the
 * summation order differs. INT8: within 2% of the FP32 logit scale (Q8_0's per-weight error is ~0.6% RMS).
 */
class InferenceFormatModelTest {
    static final Path FIXTURES = Path.of(System.getProperty("hone.fixtures", "../shared/fixtures"));

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama", "tiny-qwen2", "tiny-llama3-rope"})
    void bf16LogitsEqualFp32OnTheSameBf16Weights(String name) {
        LlamaModel fp32 = ModelLoader.load(FIXTURES.resolve(name));
        LlamaModel bf16 = ModelLoader.load(FIXTURES.resolve(name), new WeightFormat.Bf16());
        LlamaModel widened = new LlamaModel(bf16.config(), widen(bf16.weights()));
        // the file-read BF16 (stored BF16 kept, F32 rounded) is the rounding of what the FP32 loader reads
        LlamaWeights rounded = ConvertModel.convert(fp32.weights(), new WeightFormat.Bf16());
        // (Arrays.equals: AssertJ's containsExactly diffs quadratically on millions of values)
        assertThat(Arrays.equals(((Bf16Linear) bf16.weights().layers()[1].down()).weight(),
                ((Bf16Linear) rounded.layers()[1].down()).weight())).as("down_proj bits").isTrue();
        assertThat(Arrays.equals(((Bf16Linear) bf16.weights().lmHead()).weight(), ((Bf16Linear) rounded.lmHead()).weight()))
                .as("lm_head bits").isTrue();
        double worst = compare(bf16, widened, 1e-4);
        System.out.printf("%s bf16 vs fp32 on the same weights: max |diff| / max |logit| = %.2e%n", name, worst);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama", "tiny-qwen2", "tiny-llama3-rope"})
    void int8LogitsStayCloseToFp32(String name) {
        LlamaModel fp32 = ModelLoader.load(FIXTURES.resolve(name));
        LlamaModel int8 = ModelLoader.load(FIXTURES.resolve(name), WeightFormat.Int8.Q8_0);
        assertThat(int8.weights().lmHead()).isInstanceOf(Int8Linear.class);
        assertThat(int8.weights().layers()[0].q()).isInstanceOf(Int8Linear.class);
        double worst = compare(int8, fp32, 0.02);
        System.out.printf("%s int8 vs fp32: max |diff| / max |logit| = %.2e%n", name, worst);
    }

    /** Prefill (all rows) then 4 decode steps; returns the worst max |Δ| / max |logit| seen, asserting it ≤ bound. */
    private static double compare(LlamaModel got, LlamaModel ref, double bound) {
        int vocab = ref.config().vocabSize();
        int[] prompt = new Random(3).ints(40, 1, vocab).toArray();
        KvCache cg = got.newCache(48), cr = ref.newCache(48);
        double worst = check(got.forward(prompt, cg, true, null), ref.forward(prompt, cr, true, null), bound, "prefill");
        for (int step = 0; step < 4; step++) {
            int[] next = {7 + 100 * step};
            worst = Math.max(worst, check(got.decode(next, new KvCache[]{cg}), ref.decode(next, new KvCache[]{cr}), bound, "decode " + step));
        }
        return worst;
    }

    private static double check(float[] got, float[] ref, double bound, String what) {
        double max = 0, diff = 0;
        for (int i = 0; i < ref.length; i++) {
            max = Math.max(max, Math.abs(ref[i]));
            diff = Math.max(diff, Math.abs(got[i] - ref[i]));
        }
        assertThat(diff).as("%s: max |diff| %g vs max |logit| %g", what, diff, max).isLessThanOrEqualTo(bound * max);
        return diff / max;
    }

    private static LlamaWeights widen(LlamaWeights w) {
        LayerWeights[] layers = w.layers().clone();
        for (int i = 0; i < layers.length; i++) for (String m : LayerWeights.MODULES) layers[i] = layers[i].with(m, widen(layers[i].module(m)));
        return new LlamaWeights(w.embed(), layers, w.finalNorm(), widen(w.lmHead()));
    }

    private static Linear widen(Linear l) {
        Bf16Linear b = (Bf16Linear) l;
        return new DenseLinear(b.widen(), b.bias(), b.outFeatures(), b.inFeatures());
    }
}
