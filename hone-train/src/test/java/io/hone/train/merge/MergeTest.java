package io.hone.train.merge;

import io.hone.core.io.DType;
import io.hone.core.io.SafetensorsFile;
import io.hone.core.model.LlamaModel;
import io.hone.core.model.ModelLoader;
import io.hone.core.parity.Compare;
import io.hone.train.Batch;
import io.hone.train.PeftAdapter;
import io.hone.train.parity.AdapterParity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hone merge}: the written folder loads as a plain model with the logits of base + adapter. */
class MergeTest {
    static final Path FIXTURES = Path.of(System.getProperty("hone.fixtures", "../shared/fixtures"));

    @Test
    void doraMergedFolderInBaseDtypeGivesMergedLogits(@TempDir Path tmp) throws Exception {
        Path model = FIXTURES.resolve("tiny-qwen2"), dir = model.resolve("dora-attn");
        var r = Merge.run(model, dir.resolve("adapter_trained"), tmp.resolve("merged"), null);
        assertThat(r.dtype()).isEqualTo(DType.F32);
        assertThat(r.mergedModules()).isEqualTo(8);
        Path out = tmp.resolve("merged");
        // F32 base, F32 out: config.json is the base's, byte for byte (transformers writes sorted keys, indent 2)
        assertThat(Files.readString(out.resolve("config.json"))).isEqualTo(Files.readString(model.resolve("config.json")));
        assertThat(out.resolve("generation_config.json")).hasSameBinaryContentAs(model.resolve("generation_config.json"));
        assertMergedLogits(model, dir, out);
    }

    @Test
    void loraOnBf16LlamaAsF32AndInTheBaseDtype(@TempDir Path tmp) throws Exception {
        Path model = FIXTURES.resolve("tiny-llama"), dir = model.resolve("lora-all-linear");
        Path f32 = Merge.run(model, dir.resolve("adapter_trained"), tmp.resolve("f32"), DType.F32).out();
        assertThat(Files.readString(f32.resolve("config.json"))).contains("\"dtype\": \"float32\"").contains("\"rms_norm_eps\": 1e-05");
        for (String f : new String[]{"tokenizer.json", "tokenizer_config.json", "chat_template.jinja", "generation_config.json"}) {
            assertThat(f32.resolve(f)).hasSameBinaryContentAs(model.resolve(f));
        }
        try (var st = SafetensorsFile.open(f32.resolve("model.safetensors"))) {
            assertThat(st.has("lm_head.weight")).as("tied head is not written").isFalse();
        }
        assertMergedLogits(model, dir, f32);

        var bf16 = Merge.run(model, dir.resolve("adapter_trained"), tmp.resolve("bf16"), null);
        assertThat(bf16.dtype()).isEqualTo(DType.BF16);
        assertThat(Files.readString(bf16.out().resolve("config.json"))).isEqualTo(Files.readString(model.resolve("config.json")));
        try (var got = SafetensorsFile.open(bf16.out().resolve("model.safetensors"));
             var base = SafetensorsFile.open(model.resolve("model.safetensors"))) {
            assertThat(got.names()).containsExactlyInAnyOrderElementsOf(base.names());
            // untouched tensors keep their bf16 bits; merged ones are the f32 merge rounded to bf16
            assertThat(got.segment("model.embed_tokens.weight").toArray(java.lang.foreign.ValueLayout.JAVA_BYTE))
                    .isEqualTo(base.segment("model.embed_tokens.weight").toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            try (var f = SafetensorsFile.open(f32.resolve("model.safetensors"))) {
                float[] exact = f.floats("model.layers.0.self_attn.q_proj.weight"), rounded = got.floats("model.layers.0.self_attn.q_proj.weight");
                for (int i = 0; i < exact.length; i++) {
                    assertThat(rounded[i]).isEqualTo(Float.intBitsToFloat(io.hone.core.io.Bf16.fromFloat(exact[i]) << 16));
                }
            }
        }
    }

    /** Loaded merged folder = in-memory fold (bitwise) and ≈ PEFT's merged_logits; base + adapter ≈ the same. */
    private static void assertMergedLogits(Path model, Path dir, Path merged) {
        LlamaModel base = ModelLoader.load(model);
        Batch batch = Batch.load(dir.resolve("batch.safetensors"));
        var adapted = PeftAdapter.load(dir.resolve("adapter_trained"), base.weights());
        float[] unmerged = AdapterParity.evalLogits(new LlamaModel(base.config(), adapted.weights()), batch);
        float[] inMemory = AdapterParity.evalLogits(new LlamaModel(base.config(), AdapterMerge.fold(adapted.weights())), batch);
        float[] loaded = AdapterParity.evalLogits(ModelLoader.load(merged), batch);
        // Arrays.equals, not containsExactly: AssertJ's diff is quadratic on 1M logits
        assertThat(java.util.Arrays.equals(loaded, inMemory)).as("merged folder logits == in-memory merge").isTrue();
        float[] ref;
        try (var f = SafetensorsFile.open(dir.resolve("trained_forward.safetensors"))) {
            ref = f.floats("merged_logits");
        }
        double tol = 1e-4 * Math.max(1, Compare.maxAbs(ref));
        double err = Compare.maxAbsDiff(loaded, 0, ref, 0, ref.length);
        System.out.printf("%s: merged folder logits max err %.3e vs merged_logits, %.3e vs base+adapter (tol %.1e)%n",
                dir.getFileName(), err, Compare.maxAbsDiff(loaded, 0, unmerged, 0, ref.length), tol);
        assertThat(err).isLessThanOrEqualTo(tol);
        assertThat(Compare.maxAbsDiff(loaded, 0, unmerged, 0, ref.length)).isLessThanOrEqualTo(tol);
    }
}
