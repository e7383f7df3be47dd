package io.hone.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hone.core.HoneException;
import io.hone.core.io.SafetensorsFile;
import io.hone.core.model.ModelLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.hone.train.AdapterParityTest.FIXTURES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeftWriterTest {
    @ParameterizedTest
    @CsvSource({"tiny-llama, lora-all-linear", "tiny-qwen2, lora-rslora-qv", "tiny-qwen2, dora-attn"})
    void fixtureAdapterRoundTripsByteForByte(String model, String adapter, @TempDir Path tmp) throws Exception {
        Path src = FIXTURES.resolve(model).resolve(adapter).resolve("adapter_initial");
        var base = ModelLoader.load(FIXTURES.resolve(model));
        var loaded = PeftAdapter.load(src, base.weights());
        String basePath = new ObjectMapper().readTree(src.resolve("adapter_config.json").toFile()).get("base_model_name_or_path").asText();
        Path out = PeftWriter.save(tmp.resolve("saved"), loaded, basePath);

        assertThat(Files.readAllBytes(out.resolve("adapter_model.safetensors")))
                .as("safetensors bytes").isEqualTo(Files.readAllBytes(src.resolve("adapter_model.safetensors")));
        assertThat(Files.readString(out.resolve("adapter_config.json"))).isEqualTo(Files.readString(src.resolve("adapter_config.json")));
        assertThat(Files.list(tmp).map(p -> p.getFileName().toString()).toList()).containsExactly("saved");

        // and it loads back to the same tensors
        var again = PeftAdapter.load(out, base.weights());
        for (int i = 0; i < loaded.params().size(); i++) assertThat(again.params().get(i).value()).containsExactly(loaded.params().get(i).value());
    }

    @Test
    void allLinearIsSavedExpandedAndOtherBaseKeepsKeysAndValues(@TempDir Path tmp) throws Exception {
        var base = ModelLoader.load(FIXTURES.resolve("tiny-qwen2"));
        var cfg = LoraConfig.allLinear(2, 4).withDropout(0.05).withInit("gaussian");
        var a = PeftAdapter.attach(base.weights(), cfg, 1);
        Path out = PeftWriter.save(tmp.resolve("a"), a, "Qwen/Qwen2.5-0.5B");
        var om = new ObjectMapper();
        JsonNode got = om.readTree(out.resolve("adapter_config.json").toFile());
        JsonNode fixture = om.readTree(FIXTURES.resolve("tiny-qwen2/lora-rslora-qv/adapter_initial/adapter_config.json").toFile());
        var keys = new java.util.TreeSet<String>();
        got.fieldNames().forEachRemaining(keys::add);
        var fixtureKeys = new java.util.TreeSet<String>();
        fixture.fieldNames().forEachRemaining(fixtureKeys::add);
        assertThat(keys).isEqualTo(fixtureKeys);
        assertThat(got.get("target_modules")).hasSize(14);
        assertThat(got.get("target_modules").get(0).asText()).isEqualTo("model.layers.0.self_attn.q_proj");
        assertThat(got.get("init_lora_weights").asText()).isEqualTo("gaussian");
        assertThat(got.get("lora_dropout").asDouble()).isEqualTo(0.05);
        assertThat(got.get("lora_alpha").isInt()).isTrue();
        assertThat(got.get("base_model_name_or_path").asText()).isEqualTo("Qwen/Qwen2.5-0.5B");
        var back = LoraConfig.read(out.resolve("adapter_config.json"));
        assertThat(back.targetModules()).hasSize(14);
        assertThat(back.dropout()).isEqualTo(0.05);
        try (var f = SafetensorsFile.open(out.resolve("adapter_model.safetensors"))) {
            assertThat(f.names()).hasSize(a.params().size());
        }
    }

    @Test
    void overwritesAWholeFolderAndNeverLeavesAHalfWrittenOne(@TempDir Path tmp) throws Exception {
        var base = ModelLoader.load(FIXTURES.resolve("tiny-qwen2"));
        var a = PeftAdapter.attach(base.weights(), LoraConfig.of(2, 4, List.of("q_proj")), 1);
        Path dir = tmp.resolve("adapter");
        PeftWriter.save(dir, a, "base");
        Files.writeString(dir.resolve("stale.txt"), "from an older save");
        PeftWriter.save(dir, a, "base");
        assertThat(Files.exists(dir.resolve("stale.txt"))).isFalse();

        var bad = List.of(Param.of("model.layers.0.self_attn.q_proj.weight", new float[4], 2, 2));
        assertThatThrownBy(() -> PeftWriter.save(tmp.resolve("bad"), a.config(), bad, "base"))
                .isInstanceOf(HoneException.class).hasMessageStartingWith("'model.layers.0.self_attn.q_proj.weight' is not a PEFT LoRA key");
        assertThat(Files.list(tmp).map(p -> p.getFileName().toString()).toList()).containsExactly("adapter");
    }
}
