package io.hone.cli;

import io.hone.core.generate.Generator;
import io.hone.core.generate.SamplingConfig;
import io.hone.core.model.LlamaModel;
import io.hone.core.model.ModelLoader;
import io.hone.core.tokenizer.Tokenizer;
import io.hone.train.PeftAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MergeCommandTest {
    static final Path TINY_LLAMA = Cli.FIXTURES.resolve("tiny-llama");
    static final Path ADAPTER = TINY_LLAMA.resolve("lora-all-linear/adapter_trained");

    /**
     * generate --adapter = the core generator over the unmerged adapter (eval mode); the merged folder generates the
     * same text.
     */
    @Test
    void generateWithAdapterAndWithTheMergedFolder(@TempDir Path tmp) {
        String prompt = "The quick brown fox";
        String expected, baseText;
        try (Tokenizer tok = Tokenizer.load(TINY_LLAMA)) {
            var base = ModelLoader.load(TINY_LLAMA);
            var adapted = new LlamaModel(base.config(), PeftAdapter.load(ADAPTER, base.weights()).weights());
            var cfg = SamplingConfig.greedy(16).withoutEos();
            expected = tok.decode(new Generator(adapted).generate(tok.encode(prompt, true), cfg, Set.of(), id -> true).newTokens(), true);
            baseText = tok.decode(new Generator(base).generate(tok.encode(prompt, true), cfg, Set.of(), id -> true).newTokens(), true);
        }
        assertThat(expected).as("the adapter changes the greedy text").isNotEqualTo(baseText);
        Cli withAdapter = Cli.run("generate", "--model", TINY_LLAMA.toString(), "--adapter", ADAPTER.toString(),
                "--prompt", prompt, "-n", "16", "--ignore-eos");
        assertThat(withAdapter.code()).as(withAdapter.err()).isZero();
        assertThat(withAdapter.out()).isEqualTo(expected + System.lineSeparator());

        Path out = tmp.resolve("merged");
        Cli merge = Cli.run("merge", "--model", TINY_LLAMA.toString(), "--adapter", ADAPTER.toString(), "--out", out.toString(), "--dtype", "f32");
        assertThat(merge.code()).as(merge.err()).isZero();
        assertThat(merge.out()).isEqualTo("merged 14 adapted modules into " + out + " (F32 weights)" + System.lineSeparator());
        assertThat(out.resolve("tokenizer.json")).exists();
        Cli merged = Cli.run("generate", "--model", out.toString(), "--prompt", prompt, "-n", "16", "--ignore-eos");
        assertThat(merged.out()).isEqualTo(withAdapter.out());
    }

    @Test
    void badInput(@TempDir Path tmp) throws Exception {
        Cli dtype = Cli.run("merge", "--model", TINY_LLAMA.toString(), "--adapter", ADAPTER.toString(), "--out", tmp.resolve("m").toString(), "--dtype", "int8");
        assertThat(dtype.code()).isEqualTo(2);
        assertThat(dtype.err().strip()).isEqualTo("hone: merge: --dtype must be f32, bf16 or f16, got 'int8'");

        Cli noAdapter = Cli.run("merge", "--model", TINY_LLAMA.toString(), "--adapter", tmp.toString(), "--out", tmp.resolve("m").toString());
        assertThat(noAdapter.code()).isEqualTo(2);
        assertThat(noAdapter.err().strip()).isEqualTo("hone: " + tmp.resolve("adapter_config.json") + ": file not found (a PEFT adapter folder has adapter_config.json)");

        // the Llama adapter's MLP tensors ([r, 176], [176, r]) do not fit tiny-qwen2 (intermediate 160)
        Cli wrongModel = Cli.run("generate", "--model", Cli.FIXTURES.resolve("tiny-qwen2").toString(), "--adapter", ADAPTER.toString(), "--prompt", "hi");
        assertThat(wrongModel.code()).isEqualTo(2);
        assertThat(wrongModel.err().strip()).startsWith("hone: " + ADAPTER.resolve("adapter_model.safetensors") + ": tensor '")
                .contains("mlp.").contains("has shape").doesNotContain("\n");
        assertThat(Files.list(tmp).toList()).isEmpty();
    }
}
