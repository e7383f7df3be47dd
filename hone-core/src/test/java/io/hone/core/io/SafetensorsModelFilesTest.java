package io.hone.core.io;

import io.hone.core.HoneException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hugging Face model directories: single file, sharded with an index, lone file, and broken layouts. */
class SafetensorsModelFilesTest {
    @TempDir
    Path dir;

    private void shard(String file, String... tensors) {
        var w = new SafetensorsWriter();
        for (String t : tensors) w.addF32(t, new long[] {2}, new float[] {1, 2});
        w.write(dir.resolve(file));
    }

    private void index(String weightMap) throws IOException {
        Files.writeString(dir.resolve("model.safetensors.index.json"),
                "{\"metadata\":{\"total_size\":16},\"weight_map\":{" + weightMap + "}}");
    }

    @Test
    void shardedWithIndex() throws IOException {
        shard("model-00001-of-00002.safetensors", "a", "b");
        shard("model-00002-of-00002.safetensors", "c");
        index("\"a\":\"model-00001-of-00002.safetensors\",\"b\":\"model-00001-of-00002.safetensors\","
                + "\"c\":\"model-00002-of-00002.safetensors\"");
        try (var c = SafetensorsModelFiles.open(dir)) {
            assertThat(c.names()).containsExactly("a", "b", "c");
            assertThat(c.files()).hasSize(2);
            assertThat(c.fileOf("c").path().getFileName().toString()).isEqualTo("model-00002-of-00002.safetensors");
            assertThat(c.floats("c")).containsExactly(1, 2);
            assertThat(c.describe()).isEqualTo(dir.toString());
            assertThatThrownBy(() -> c.floats("d")).isExactlyInstanceOf(HoneException.class)
                    .hasMessage(dir + ": no tensor named 'd' (the checkpoint has 3 tensors)");
        }
    }

    @Test
    void indexNamesMissingShard() throws IOException {
        shard("model-00001-of-00002.safetensors", "a");
        index("\"a\":\"model-00001-of-00002.safetensors\",\"b\":\"model-00002-of-00002.safetensors\"");
        assertThatThrownBy(() -> SafetensorsModelFiles.open(dir)).isExactlyInstanceOf(HoneException.class)
                .hasMessage(dir.resolve("model.safetensors.index.json") + ": shard 'model-00002-of-00002.safetensors' "
                        + "(for tensor 'b') does not exist in " + dir);
    }

    @Test
    void indexClaimsTensorTheShardLacks() throws IOException {
        shard("model-00001-of-00001.safetensors", "a");
        index("\"a\":\"model-00001-of-00001.safetensors\",\"z\":\"model-00001-of-00001.safetensors\"");
        assertThatThrownBy(() -> SafetensorsModelFiles.open(dir)).isExactlyInstanceOf(HoneException.class)
                .hasMessage(dir.resolve("model.safetensors.index.json") + ": tensor 'z' is mapped to shard "
                        + "'model-00001-of-00001.safetensors' but that file has no such tensor");
    }

    @Test
    void brokenIndex() throws IOException {
        Path idx = dir.resolve("model.safetensors.index.json");
        Files.writeString(idx, "{\"weight_map\": ");
        assertThatThrownBy(() -> SafetensorsModelFiles.open(dir)).isExactlyInstanceOf(HoneException.class)
                .hasMessageStartingWith(idx + ": not valid JSON (");
        Files.writeString(idx, "{\"metadata\": {}}");
        assertThatThrownBy(() -> SafetensorsModelFiles.open(dir))
                .hasMessage(idx + ": expected an object with a \"weight_map\" of tensor name to shard file");
        Files.writeString(idx, "{\"weight_map\": {\"a\": 1}}");
        assertThatThrownBy(() -> SafetensorsModelFiles.open(dir)).hasMessage(idx + ": weight_map entry for 'a' must be a file name");
        Files.writeString(idx, "{\"weight_map\": {\"a\": \"../outside.safetensors\"}}");
        assertThatThrownBy(() -> SafetensorsModelFiles.open(dir))
                .hasMessage(idx + ": shard '../outside.safetensors' for tensor 'a' is outside the model directory");
    }

    @Test
    void corruptShardIsReportedByItsPath() throws IOException {
        Files.write(dir.resolve("model-00001-of-00001.safetensors"), new byte[3]);
        index("\"a\":\"model-00001-of-00001.safetensors\"");
        assertThatThrownBy(() -> SafetensorsModelFiles.open(dir)).isExactlyInstanceOf(HoneException.class)
                .hasMessage(dir.resolve("model-00001-of-00001.safetensors")
                        + ": file is 3 bytes, too short for a safetensors header (needs at least 8)");
    }

    @Test
    void noWeights() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{}");
        assertThatThrownBy(() -> SafetensorsModelFiles.open(dir)).isExactlyInstanceOf(HoneException.class)
                .hasMessage(dir + ": no model.safetensors or model.safetensors.index.json found");
        assertThatThrownBy(() -> SafetensorsModelFiles.open(dir.resolve("absent")))
                .hasMessage(dir.resolve("absent") + ": no such directory");
    }

    @Test
    void loneSafetensorsFileIsUsedButTwoAreAmbiguous() {
        shard("adapter_model.safetensors", "x");
        try (var c = SafetensorsModelFiles.open(dir)) {
            assertThat(c.names()).containsExactly("x");
        }
        shard("other.safetensors", "y");
        assertThatThrownBy(() -> SafetensorsModelFiles.open(dir)).isExactlyInstanceOf(HoneException.class)
                .hasMessage(dir + ": no model.safetensors or model.safetensors.index.json found, and 2 other "
                        + ".safetensors files make the choice ambiguous");
    }

    @Test
    void singleFilePathAndFixtureDirectory() {
        Path llama = SafetensorsFixturesTest.FIXTURES.resolve("tiny-llama");
        try (var c = SafetensorsModelFiles.open(llama); var f = SafetensorsModelFiles.open(llama.resolve("model.safetensors"))) {
            assertThat(c.names()).isEqualTo(f.names()).contains("model.embed_tokens.weight");
            assertThat(c.shape("model.embed_tokens.weight")).containsExactly(32000, 64);
            assertThat(c.metadata()).containsEntry("format", "pt");
        }
    }
}
