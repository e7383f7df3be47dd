package io.hone.cli;

import io.hone.core.io.DType;
import io.hone.core.io.SafetensorsFile;
import io.hone.core.io.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.assertj.core.api.Assertions.assertThat;

/** Each broken model folder gives exit code 2 and one line naming the file and what was expected. */
class BadInputTest {
    @TempDir
    Path dir;

    private Path copyOf(String fixture) throws IOException {
        Path src = Cli.FIXTURES.resolve(fixture);
        for (String f : new String[]{"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "chat_template.jinja"}) {
            if (Files.exists(src.resolve(f))) Files.copy(src.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    private String oneLineError(String... args) {
        Cli r = Cli.run(args);
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        String err = r.err().strip();
        assertThat(err).startsWith("hone: ").doesNotContain("\n").doesNotContain("Exception");
        return err;
    }

    private String generate(Path model) {
        return oneLineError("generate", "--model", model.toString(), "--prompt", "hi", "-n", "2");
    }

    @Test
    void truncatedSafetensors() throws IOException {
        Path m = copyOf("tiny-llama");
        try (var f = new RandomAccessFile(m.resolve("model.safetensors").toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        assertThat(generate(m)).contains("model.safetensors").containsIgnoringCase("truncated");
    }

    @Test
    void headerLengthBeyondTheFile() throws IOException {
        Path m = copyOf("tiny-llama");
        try (var f = new RandomAccessFile(m.resolve("model.safetensors").toFile(), "rw")) {
            f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array());
        }
        assertThat(generate(m)).contains("model.safetensors").contains("header");
    }

    @Test
    void tensorShapeDisagreesWithConfig() throws IOException {
        Path m = copyOf("tiny-llama");
        Path cfg = m.resolve("config.json");
        Files.writeString(cfg, Files.readString(cfg).replace("\"intermediate_size\": 176", "\"intermediate_size\": 100"));
        assertThat(generate(m)).isEqualTo("hone: " + m.resolve("model.safetensors")
                + ": tensor 'model.layers.0.mlp.gate_proj.weight' has shape [176, 64] but config.json implies [100, 64]");
    }

    @Test
    void tensorWithANonFloatDtype() throws IOException {
        Path m = copyOf("tiny-llama");
        Path file = m.resolve("model.safetensors");
        var w = new SafetensorsWriter();
        try (var st = SafetensorsFile.open(file)) {
            for (String name : st.names()) {
                if (name.equals("model.norm.weight")) {
                    w.add(name, DType.I32, st.shape(name), new byte[(int) st.shape(name)[0] * 4]);
                } else {
                    w.add(name, DType.F32, st.shape(name), st.floats(name));
                }
            }
        }
        Path rewritten = dir.resolve("rewritten.safetensors");
        w.write(rewritten);
        Files.move(rewritten, file, StandardCopyOption.REPLACE_EXISTING);
        assertThat(generate(m)).contains("model.norm.weight").contains("I32");
    }

    @Test
    void missingTokenizer() throws IOException {
        Path m = copyOf("tiny-qwen2");
        assertThat(generate(m)).contains("tokenizer.json").contains("not found");
    }

    @Test
    void unknownArchitecture() throws IOException {
        Path m = copyOf("tiny-llama");
        Path cfg = m.resolve("config.json");
        Files.writeString(cfg, Files.readString(cfg).replace("\"model_type\": \"llama\"", "\"model_type\": \"gpt_neox\""));
        assertThat(generate(m)).isEqualTo("hone: " + cfg + ": model_type 'gpt_neox' is not supported (supported: llama, mistral, qwen2)");
    }

    @Test
    void malformedConfigJson() throws IOException {
        Path m = copyOf("tiny-llama");
        Path cfg = m.resolve("config.json");
        Files.writeString(cfg, Files.readString(cfg).replace("\"hidden_size\": 64,", "\"hidden_size\": 64,,"));
        assertThat(generate(m)).startsWith("hone: " + cfg + ": malformed JSON at line");
    }

    @Test
    void missingModelFolder() {
        assertThat(generate(dir.resolve("nope"))).isEqualTo("hone: --model " + dir.resolve("nope")
                + ": no such file or folder (expected a Hugging Face model folder, or a Hub id owner/name[@revision])");
    }

    @Test
    void noWeights() throws IOException {
        Path m = copyOf("tiny-llama");
        Files.delete(m.resolve("model.safetensors"));
        assertThat(generate(m)).contains("no model.safetensors");
    }

    @Test
    void configValuesOutOfRange() throws IOException {
        Path m = copyOf("tiny-llama");
        Path cfg = m.resolve("config.json");
        String good = Files.readString(cfg);
        Files.writeString(cfg, good.replace("\"rms_norm_eps\": 1e-05", "\"rms_norm_eps\": -1"));
        assertThat(generate(m)).isEqualTo("hone: " + cfg + ": field 'rms_norm_eps' must be a positive number, got -1");
        Files.writeString(cfg, good.replace("\"rope_theta\": 10000.0", "\"rope_theta\": 0"));
        assertThat(generate(m)).isEqualTo("hone: " + cfg + ": field 'rope_parameters.rope_theta' must be a positive number, got 0");
        Files.writeString(cfg, good.replace("\"max_position_embeddings\": 256", "\"max_position_embeddings\": -5"));
        assertThat(generate(m)).isEqualTo("hone: " + cfg + ": field 'max_position_embeddings' must be a positive integer, got -5");
    }

    @Test
    void adapterConfigFieldsOfTheWrongTypeOrRange() throws IOException {
        Path m = Cli.FIXTURES.resolve("tiny-llama");
        Path src = m.resolve("lora-all-linear/adapter_trained");
        Path adapter = Files.createDirectories(dir.resolve("adapter"));
        Files.copy(src.resolve("adapter_model.safetensors"), adapter.resolve("adapter_model.safetensors"));
        Path cfg = adapter.resolve("adapter_config.json");
        String good = Files.readString(src.resolve("adapter_config.json"));
        String[][] cases = {
                {"\"lora_alpha\": 8", "\"lora_alpha\": \"x\"", "field 'lora_alpha' must be a number, got \"x\""},
                {"\"r\": 4", "\"r\": 0", "field 'r' must be a positive integer, got 0"},
                {"\"r\": 4", "\"r\": -4", "field 'r' must be a positive integer, got -4"},
        };
        for (String[] c : cases) {
            Files.writeString(cfg, good.replace(c[0], c[1]));
            assertThat(oneLineError("generate", "--model", m.toString(), "--adapter", adapter.toString(), "--prompt", "hi", "-n", "2"))
                    .isEqualTo("hone: " + cfg + ": " + c[2]);
        }
    }

    @Test
    void promptPastMaxPositionEmbeddings() {
        Path m = Cli.FIXTURES.resolve("tiny-llama");
        String words = String.join(" ", java.util.Collections.nCopies(300, "word"));
        assertThat(oneLineError("generate", "--model", m.toString(), "--prompt", words, "-n", "2"))
                .isEqualTo("hone: the prompt has 301 tokens; the model's context is 256 tokens (max_position_embeddings)");
        assertThat(oneLineError("generate", "--model", m.toString(), "--chat", "--prompt", words, "-n", "2"))
                .startsWith("hone: the rendered chat template has 3").endsWith("tokens; the model's context is 256 tokens (max_position_embeddings)");
    }

    /** eval (and improve, through the same LocalModel) and rag ask check a prompt's length as generate and serve do. */
    @Test
    void promptPastMaxPositionEmbeddingsInEvalAndRag() throws IOException {
        Path m = Cli.FIXTURES.resolve("tiny-llama");
        String words = String.join(" ", java.util.Collections.nCopies(300, "word"));
        Path task = Files.writeString(dir.resolve("long.jsonl"), "{\"id\":\"1\",\"input\":\"" + words + "\",\"target\":\"x\"}\n");
        assertThat(oneLineError("eval", "--task", task.toString(), "--model", m.toString(), "--max-new-tokens", "2", "--quiet"))
                .startsWith("hone: the prompt has 3").endsWith("tokens; the model's context is 256 tokens (max_position_embeddings)");
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("owls.md"), "# Owls\n\nBarn owls hunt by sound.");
        Path index = dir.resolve("index");
        Cli indexed = Cli.run("rag", "index", "--docs", docs.toString(), "--index", index.toString(), "--bm25-only");
        assertThat(indexed.code()).as(indexed.err()).isZero();
        assertThat(oneLineError("rag", "ask", "--index", index.toString(), "--model", m.toString(), "-n", "2", words))
                .startsWith("hone: the rendered chat template has ").endsWith("tokens; the model's context is 256 tokens (max_position_embeddings)");
    }

    @Test
    void chatTemplateThatRendersNothing() throws IOException {
        Path m = copyOf("tiny-llama");
        Files.writeString(m.resolve("chat_template.jinja"), "{% if false %}{{ messages }}{% endif %}");
        assertThat(oneLineError("generate", "--model", m.toString(), "--chat", "--prompt", "hi", "-n", "2"))
                .isEqualTo("hone: the rendered chat template has no tokens (nothing to start generating from)");
    }

    @Test
    void chatTemplateThatBlowsUpMemory() throws IOException {
        Path m = copyOf("tiny-llama");
        Files.writeString(m.resolve("chat_template.jinja"),
                "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}");
        long t0 = System.nanoTime();
        assertThat(oneLineError("generate", "--model", m.toString(), "--chat", "--prompt", "hi", "-n", "2"))
                .isEqualTo("hone: chat template: line 1: the output or a string grows past 16777216 characters");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(30);
    }
}
