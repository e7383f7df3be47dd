package io.hone.core.model;

import io.hone.core.ops.DenseLinear;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class RandomModelTest {
    static final Path FIXTURES = Path.of(System.getProperty("hone.fixtures", "../shared/fixtures"));

    /**
     * The files {@code hone init-model} wrote before the benchmark's generator and this one became one (tied Llama, Qwen2
     * with q/k/v biases and an untied head, Llama 3 untied): the bundled quickstart model was made from such a folder,
     * so the bits must not move.
     */
    @Test
    void writesTheSameBitsAsBefore(@TempDir Path dir) throws Exception {
        assertThat(sha256(write(ModelShapes.get("tiny"), dir.resolve("tiny"), 0)))
                .isEqualTo("2cbfadfc414b314240f151138d7d08f1a98cafd672a89e4d3326faa605cafe5f");
        assertThat(sha256(write(ModelConfigLoader.load(FIXTURES.resolve("tiny-qwen2")), dir.resolve("qwen2"), 3)))
                .isEqualTo("c6d87d321dc7f8f967b5bb3cfa924442b78627988ad6cbbacc90eaeda0dd4dc8");
        assertThat(sha256(write(ModelConfigLoader.load(FIXTURES.resolve("tiny-llama3-rope")), dir.resolve("llama3"), 3)))
                .isEqualTo("f03001400ddd0de0726a1ad1c6be487a7e4d14f85ab33a02406f6de8294751e0");
    }

    @Test
    void inMemoryWeightsEqualTheWrittenFolder(@TempDir Path dir) {
        ModelConfig c = ModelConfigLoader.load(FIXTURES.resolve("tiny-qwen2"));
        LlamaWeights mem = RandomModel.weights(c, 5, null);
        LlamaWeights file = ModelLoader.load(write(c, dir, 5).getParent()).weights();
        assertThat(mem.embed()).isEqualTo(file.embed());
        assertThat(((DenseLinear) mem.lmHead()).weight()).isEqualTo(((DenseLinear) file.lmHead()).weight());
        for (int l = 0; l < c.numLayers(); l++) {
            for (String m : LayerWeights.MODULES) {
                var a = (DenseLinear) mem.layers()[l].module(m);
                var b = (DenseLinear) file.layers()[l].module(m);
                assertThat(a.weight()).as("layer %d %s", l, m).isEqualTo(b.weight());
                assertThat(a.bias()).as("layer %d %s bias", l, m).isEqualTo(b.bias());
            }
        }
        assertThat(RandomModel.weights(c, 6, null).embed()).isNotEqualTo(mem.embed());
    }

    private static Path write(ModelConfig c, Path dir, long seed) {
        RandomModel.write(c, dir, seed);
        return dir.resolve("model.safetensors");
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
