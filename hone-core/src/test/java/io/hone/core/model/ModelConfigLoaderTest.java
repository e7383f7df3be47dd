package io.hone.core.model;

import io.hone.core.HoneException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelConfigLoaderTest {
    static final Path FIXTURES = Path.of(System.getProperty("hone.fixtures", "../shared/fixtures"));

    @Test
    void readsTransformers5RopeParametersWithLlama3Scaling() {
        ModelConfig c = ModelConfigLoader.load(FIXTURES.resolve("tiny-llama3-rope"));
        assertThat(c.modelType()).isEqualTo("llama");
        assertThat(c.headDim()).isEqualTo(16);
        assertThat(c.hiddenSize()).isEqualTo(96);
        assertThat(c.numHeads()).isEqualTo(6);
        assertThat(c.rope()).isEqualTo(new RopeScaling("llama3", 500000.0, 8.0, 1.0, 4.0, 64));
        assertThat(c.tieWordEmbeddings()).isFalse();
    }

    @Test
    void qwen2HasQkvBiasButNoOutputBias() {
        ModelConfig c = ModelConfigLoader.load(FIXTURES.resolve("tiny-qwen2"));
        assertThat(c.qkvBias()).isTrue();
        assertThat(c.oBias()).isFalse();
        assertThat(c.rope().theta()).isEqualTo(1e6);
        assertThat(c.slidingWindow()).isZero();
    }

    @Test
    void readsOlderRopeThetaAndRopeScalingStyle() {
        String json = """
                {"model_type":"llama","vocab_size":128256,"hidden_size":2048,"intermediate_size":8192,
                 "num_hidden_layers":16,"num_attention_heads":32,"num_key_value_heads":8,"rms_norm_eps":1e-5,
                 "rope_theta":500000.0,"tie_word_embeddings":true,
                 "rope_scaling":{"factor":32.0,"high_freq_factor":4.0,"low_freq_factor":1.0,
                                 "original_max_position_embeddings":8192,"rope_type":"llama3"},
                 "eos_token_id":[128001,128008,128009]}""";
        ModelConfig c = ModelConfigLoader.parse(json, "config.json");
        assertThat(c.headDim()).isEqualTo(64);
        assertThat(c.rope()).isEqualTo(new RopeScaling("llama3", 500000.0, 32.0, 1.0, 4.0, 8192));
        assertThat(c.eosTokenIds()).containsExactly(128001, 128008, 128009);
        assertThat(c.parameterCount()).isEqualTo(1_235_814_400L);
    }

    @Test
    void mistralSlidingWindowIsKept() {
        String json = """
                {"model_type":"mistral","vocab_size":32000,"hidden_size":4096,"intermediate_size":14336,
                 "num_hidden_layers":32,"num_attention_heads":32,"num_key_value_heads":8,"rope_theta":10000.0,
                 "sliding_window":4096}""";
        assertThat(ModelConfigLoader.parse(json, "c").slidingWindow()).isEqualTo(4096);
    }

    @Test
    void unknownArchitectureNamesTheSupportedOnes() {
        assertThatThrownBy(() -> ModelConfigLoader.parse("{\"model_type\":\"gpt2\"}", "m/config.json"))
                .isInstanceOf(HoneException.class)
                .hasMessage("m/config.json: model_type 'gpt2' is not supported (supported: llama, mistral, qwen2)");
    }

    @Test
    void malformedJsonSaysWhere(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"llama\",\n \"hidden_size\": }");
        assertThatThrownBy(() -> ModelConfigLoader.load(dir))
                .isInstanceOf(HoneException.class)
                .hasMessageStartingWith(dir.resolve("config.json") + ": malformed JSON at line 2, column");
    }

    @Test
    void missingConfigFile(@TempDir Path dir) {
        assertThatThrownBy(() -> ModelConfigLoader.load(dir))
                .hasMessage(dir.resolve("config.json") + ": not found (expected a Hugging Face model folder with config.json)");
    }

    @Test
    void missingAndInvalidFields() {
        assertThatThrownBy(() -> ModelConfigLoader.parse("{\"model_type\":\"llama\"}", "c.json"))
                .hasMessage("c.json: missing required field 'hidden_size'");
        assertThatThrownBy(() -> ModelConfigLoader.parse("{\"model_type\":\"llama\",\"hidden_size\":-4}", "c.json"))
                .hasMessage("c.json: field 'hidden_size' must be a positive integer, got -4");
        assertThatThrownBy(() -> ModelConfigLoader.parse("""
                {"model_type":"llama","vocab_size":10,"hidden_size":64,"intermediate_size":8,"num_hidden_layers":1,
                 "num_attention_heads":4,"num_key_value_heads":3}""", "c.json"))
                .hasMessage("c.json: num_attention_heads (4) must be a multiple of num_key_value_heads (3)");
        assertThatThrownBy(() -> ModelConfigLoader.parse("""
                {"model_type":"llama","vocab_size":10,"hidden_size":64,"intermediate_size":8,"num_hidden_layers":1,
                 "num_attention_heads":4,"rope_scaling":{"rope_type":"yarn","factor":4.0}}""", "c.json"))
                .hasMessage("c.json: rope_scaling.rope_type 'yarn' is not supported (supported: default, linear, llama3)");
    }

    @Test
    void rangesOfNormEpsRopeThetaAndMaxPositions() {
        String base = """
                {"model_type":"llama","vocab_size":10,"hidden_size":64,"intermediate_size":8,"num_hidden_layers":1,
                 "num_attention_heads":4,%s}""";
        assertThatThrownBy(() -> ModelConfigLoader.parse(base.formatted("\"rms_norm_eps\":-1"), "c.json"))
                .isInstanceOf(HoneException.class).hasMessage("c.json: field 'rms_norm_eps' must be a positive number, got -1");
        assertThatThrownBy(() -> ModelConfigLoader.parse(base.formatted("\"rms_norm_eps\":\"x\""), "c.json"))
                .hasMessage("c.json: field 'rms_norm_eps' must be a positive number, got \"x\"");
        assertThatThrownBy(() -> ModelConfigLoader.parse(base.formatted("\"rope_theta\":0"), "c.json"))
                .hasMessage("c.json: field 'rope_theta' must be a positive number, got 0");
        assertThatThrownBy(() -> ModelConfigLoader.parse(base.formatted("\"rope_parameters\":{\"rope_type\":\"default\",\"rope_theta\":-2.0}"), "c.json"))
                .hasMessage("c.json: field 'rope_parameters.rope_theta' must be a positive number, got -2.0");
        assertThatThrownBy(() -> ModelConfigLoader.parse(base.formatted("\"max_position_embeddings\":-5"), "c.json"))
                .hasMessage("c.json: field 'max_position_embeddings' must be a positive integer, got -5");
        assertThatThrownBy(() -> ModelConfigLoader.parse(base.formatted("\"rope_scaling\":{\"rope_type\":\"linear\",\"factor\":0}"), "c.json"))
                .hasMessage("c.json: rope_scaling.factor must be a positive number, got 0");
        ModelConfig ok = ModelConfigLoader.parse(base.formatted("\"rope_theta\":500000.0"), "c.json");
        assertThat(ok.rmsNormEps()).isEqualTo(1e-6);
        assertThat(ok.maxPositions()).isEqualTo(2048);
        assertThat(ok.rope().theta()).isEqualTo(500000.0);
    }
}
