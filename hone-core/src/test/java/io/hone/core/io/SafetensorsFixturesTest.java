package io.hone.core.io;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads files written by Python {@code safetensors} (the shared reference fixtures). */
class SafetensorsFixturesTest {
    static final Path FIXTURES = Path.of(System.getProperty("hone.fixtures", "../shared/fixtures"));

    @Test
    void readsBf16LlamaWeights() {
        try (var f = SafetensorsFile.open(FIXTURES.resolve("tiny-llama/model.safetensors"))) {
            assertThat(f.metadata()).containsEntry("format", "pt");
            TensorInfo embed = f.info("model.embed_tokens.weight");
            assertThat(embed.dtype()).isEqualTo(DType.BF16);
            assertThat(embed.shape()).containsExactly(32000, 64);
            assertThat(f.names()).hasSize(20).doesNotContain("lm_head.weight");

            float[] w = f.floats("model.embed_tokens.weight");
            assertThat(w).hasSize(32000 * 64);
            short first = f.segment("model.embed_tokens.weight").get(SafetensorsFile.I16_LE, 0);
            assertThat(Float.floatToRawIntBits(w[0])).isEqualTo(first << 16);
            // BF16 -> F32 is exact: the low 16 bits of every converted value are zero.
            for (float v : w) assertThat(Float.floatToRawIntBits(v) & 0xFFFF).isZero();
            assertThat(f.floats("model.norm.weight")).hasSize(64);
        }
    }

    @Test
    void readsI64InputIds() {
        try (var f = SafetensorsFile.open(FIXTURES.resolve("tiny-llama/inputs.safetensors"))) {
            assertThat(f.info("input_ids").dtype()).isEqualTo(DType.I64);
            long[] ids = f.longs("input_ids");
            assertThat(ids).hasSize((int) (f.shape("input_ids")[0] * f.shape("input_ids")[1]));
            assertThat(ids[0]).isEqualTo(1); // BOS
            for (long id : ids) assertThat(id).isBetween(0L, 31999L);
        }
    }

    @Test
    void readsF32Qwen2ThroughCheckpoint() {
        try (var c = SafetensorsModelFiles.open(FIXTURES.resolve("tiny-qwen2"))) {
            assertThat(c.files()).hasSize(1);
            assertThat(c.files().getFirst().path().getFileName().toString()).isEqualTo("model.safetensors");
            assertThat(c.has("lm_head.weight")).isTrue();
            assertThat(c.shape("lm_head.weight")).containsExactly(512, 64);
            assertThat(c.info("model.layers.0.self_attn.q_proj.bias").dtype()).isEqualTo(DType.F32);
            float[] bias = c.floats("model.layers.0.self_attn.q_proj.bias");
            assertThat(bias).hasSize(64);
            assertThat(bias).isNotEqualTo(new float[64]);
            float raw = c.segment("model.layers.0.self_attn.q_proj.bias").get(SafetensorsFile.F32_LE, 4);
            assertThat(bias[1]).isEqualTo(raw);
        }
    }

    @Test
    void readsEveryFixtureFile() throws Exception {
        try (var files = java.nio.file.Files.walk(FIXTURES)) {
            var all = files.filter(p -> p.toString().endsWith(".safetensors")).toList();
            assertThat(all).hasSizeGreaterThan(20);
            for (Path p : all) {
                try (var f = SafetensorsFile.open(p)) {
                    for (String name : f.names()) {
                        TensorInfo t = f.info(name);
                        if (t.dtype() == DType.I64) assertThat(f.longs(name)).hasSize((int) t.elementCount());
                        else assertThat(f.floats(name)).hasSize((int) t.elementCount());
                    }
                }
            }
        }
    }
}
