package io.hone.train;

import io.hone.core.HoneException;
import io.hone.core.model.ModelConfig;
import io.hone.core.model.ModelLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.hone.train.AdapterParityTest.FIXTURES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeftAdapterTest {
    @Test
    void readsTheFixtureConfigs() {
        var all = LoraConfig.read(FIXTURES.resolve("tiny-llama/lora-all-linear/adapter_initial/adapter_config.json"));
        // PEFT saves "all-linear" expanded to the full module names
        assertThat(all.targetModules()).hasSize(14).contains("model.layers.1.mlp.down_proj");
        assertThat(all.scale()).isEqualTo(2f);
        assertThat(all.targets("model.layers.1.mlp.down_proj")).isTrue();
        assertThat(all.targets("lm_head")).isFalse();
        var allLinear = LoraConfig.allLinear(4, 8);
        assertThat(allLinear.targets("model.layers.7.self_attn.o_proj")).isTrue();
        assertThat(allLinear.targets("lm_head")).isFalse();

        var rs = LoraConfig.read(FIXTURES.resolve("tiny-qwen2/lora-rslora-qv/adapter_initial/adapter_config.json"));
        assertThat(rs.useRslora()).isTrue();
        assertThat(rs.scale()).isEqualTo((float) (16 / Math.sqrt(8)));
        assertThat(rs.targets("model.layers.0.self_attn.v_proj")).isTrue();
        assertThat(rs.targets("model.layers.0.self_attn.k_proj")).isFalse();

        var dora = LoraConfig.read(FIXTURES.resolve("tiny-qwen2/dora-attn/adapter_initial/adapter_config.json"));
        assertThat(dora.useDora()).isTrue();
        assertThat(dora.r()).isEqualTo(4);
    }

    @Test
    void targetMatchingFollowsPeft() {
        var list = LoraConfig.of(2, 4, List.of("q_proj", "model.layers.1.mlp.up_proj"));
        assertThat(list.targets("model.layers.0.self_attn.q_proj")).isTrue();
        assertThat(list.targets("model.layers.1.mlp.up_proj")).isTrue();
        assertThat(list.targets("model.layers.0.mlp.up_proj")).isFalse();
        assertThat(list.targets("model.layers.0.self_attn.xq_proj")).isFalse();
        var regex = LoraConfig.matching(2, 4, ".*layers\\.0\\..*_proj");
        assertThat(regex.targets("model.layers.0.mlp.gate_proj")).isTrue();
        assertThat(regex.targets("model.layers.10.mlp.gate_proj")).isFalse();
    }

    @Test
    void freshAdapterStartsAtTheBaseModelWithPeftInit() {
        ModelConfig c = TinyModels.config(false, true);
        var w = TinyModels.weights(c, 3);
        var a = PeftAdapter.attach(w, LoraConfig.of(4, 8, List.of("q_proj", "down_proj")).withDora(true), 4);
        assertThat(a.params()).extracting(Param::name).startsWith(
                "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight",
                "base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight",
                "base_model.model.model.layers.0.self_attn.q_proj.lora_magnitude_vector");
        for (Param p : a.params()) {
            if (p.name().endsWith("lora_B.weight")) assertThat(p.value()).containsOnly(0f);
            if (p.name().endsWith("lora_A.weight")) {
                double bound = 1 / Math.sqrt(p.shape()[1]), max = 0;
                for (float v : p.value()) max = Math.max(max, Math.abs(v));
                assertThat(max).isLessThanOrEqualTo(bound).isGreaterThan(0.7 * bound);
            }
        }
        var batch = TinyModels.batch(c, 5, 2, 6, 1);
        float[] before = TrainableModel.full(c, TinyModels.weights(c, 3)).logits(batch);
        float[] after = TrainableModel.adapters(c, a.weights()).logits(batch);
        for (int i = 0; i < before.length; i++) assertThat(after[i]).isCloseTo(before[i], org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void gaussianInitHasStdOneOverR() {
        ModelConfig c = TinyModels.config(false, false);
        var cfg = LoraConfig.of(4, 8, List.of("gate_proj", "up_proj")).withInit("gaussian");
        double ss = 0;
        long n = 0;
        for (Param p : PeftAdapter.attach(TinyModels.weights(c, 1), cfg, 2).params()) {
            if (!p.name().endsWith("lora_A.weight")) continue;
            for (float v : p.value()) ss += v * v;
            n += p.value().length;
        }
        assertThat(Math.sqrt(ss / n)).isCloseTo(0.25, org.assertj.core.data.Offset.offset(0.03));
    }

    @Test
    void rejectsAdapterTensorsTheModelDoesNotHave(@TempDir Path tmp) throws Exception {
        var src = FIXTURES.resolve("tiny-qwen2/lora-rslora-qv/adapter_initial");
        Files.copy(src.resolve("adapter_model.safetensors"), tmp.resolve("adapter_model.safetensors"));
        Files.writeString(tmp.resolve("adapter_config.json"), Files.readString(src.resolve("adapter_config.json"))
                .replace("\"v_proj\"", "\"k_proj\""));
        var model = ModelLoader.load(FIXTURES.resolve("tiny-qwen2"));
        assertThatThrownBy(() -> PeftAdapter.load(tmp, model.weights()))
                .isInstanceOf(HoneException.class)
                .hasMessageContaining("tensor 'base_model.model.model.layers.0.self_attn.k_proj.lora_A.weight' is missing");
    }

    @Test
    void rejectsUnsupportedConfig(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("adapter_config.json"),
                "{\"peft_type\":\"LORA\",\"r\":4,\"lora_alpha\":8,\"target_modules\":[\"q_proj\"],\"rank_pattern\":{\"q_proj\":8}}");
        assertThatThrownBy(() -> LoraConfig.read(tmp.resolve("adapter_config.json")))
                .hasMessageEndingWith("adapter_config.json: rank_pattern is not supported (it is {\"q_proj\":8})");
    }

    @Test
    void rejectsFieldsOfTheWrongTypeOrRange(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("adapter_config.json");
        String good = "{\"peft_type\":\"LORA\",\"r\":4,\"lora_alpha\":8,\"lora_dropout\":0.0,\"target_modules\":[\"q_proj\"]}";
        String[][] cases = {
                {"\"lora_alpha\":8", "\"lora_alpha\":\"x\"", "field 'lora_alpha' must be a number, got \"x\""},
                {"\"r\":4", "\"r\":0", "field 'r' must be a positive integer, got 0"},
                {"\"r\":4", "\"r\":-4", "field 'r' must be a positive integer, got -4"},
                {"\"r\":4", "\"r\":4.5", "field 'r' must be a positive integer, got 4.5"},
                {"\"lora_dropout\":0.0", "\"lora_dropout\":1.5", "field 'lora_dropout' must be a number in [0, 1), got 1.5"},
                {"[\"q_proj\"]", "[\"q_proj\",7]", "target_modules must list module names (strings), got 7"},
                {"[\"q_proj\"]", "\"(q_proj\"", "target_modules '(q_proj' is not a valid regular expression (Unclosed group)"},
                {"\"r\":4", "\"r\":4,\"use_dora\":\"yes\"", "field 'use_dora' must be true or false, got \"yes\""},
        };
        for (String[] c : cases) {
            Files.writeString(file, good.replace(c[0], c[1]));
            assertThatThrownBy(() -> LoraConfig.read(file)).as(c[1])
                    .isInstanceOf(HoneException.class).hasMessage(file + ": " + c[2]);
        }
        Files.writeString(file, good);
        assertThat(LoraConfig.read(file).scale()).isEqualTo(2f);
    }
}
