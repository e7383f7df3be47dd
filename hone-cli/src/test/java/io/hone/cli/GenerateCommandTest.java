package io.hone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hone.core.generate.Generator;
import io.hone.core.generate.SamplingConfig;
import io.hone.core.model.ModelLoader;
import io.hone.core.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GenerateCommandTest {
    static final Path TINY_LLAMA = Cli.FIXTURES.resolve("tiny-llama");

    /** The CLI's greedy text is the decoded greedy ids of the core generator (itself checked against transformers). */
    @Test
    void greedyTextIsTheDecodedGreedyIds() {
        String prompt = "The quick brown fox";
        String expected;
        try (Tokenizer tok = Tokenizer.load(TINY_LLAMA)) {
            var model = ModelLoader.load(TINY_LLAMA);
            var ids = new Generator(model).generate(tok.encode(prompt, true), SamplingConfig.greedy(24).withoutEos(), Set.of(), id -> true);
            assertThat(ids.newTokens()).hasSize(24);
            expected = tok.decode(ids.newTokens(), true);
        }
        Cli r = Cli.run("generate", "--model", TINY_LLAMA.toString(), "--prompt", prompt, "-n", "24", "--ignore-eos");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(expected + System.lineSeparator());
    }

    /** What it prints continues the prompt: prompt + output == decode(prompt ids + new ids), ▁time reading " time". */
    @Test
    void outputKeepsTheFirstTokensLeadingSpace() {
        String prompt = "Once upon a time"; // the fixture's greedy continuation starts with ▁time
        String expected;
        try (Tokenizer tok = Tokenizer.load(TINY_LLAMA)) {
            var model = ModelLoader.load(TINY_LLAMA);
            int[] promptIds = tok.encode(prompt, true);
            var ids = new Generator(model).generate(promptIds, SamplingConfig.greedy(6).withoutEos(), Set.of(), id -> true);
            int[] all = java.util.stream.IntStream.concat(Arrays.stream(promptIds), Arrays.stream(ids.newTokens())).toArray();
            expected = tok.decode(all, true).substring(prompt.length());
        }
        assertThat(expected).startsWith(" time");
        Cli r = Cli.run("generate", "--model", TINY_LLAMA.toString(), "--prompt", prompt, "-n", "6", "--ignore-eos");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(expected + System.lineSeparator());
    }

    @Test
    void stopStringCutsTheOutput() throws Exception {
        Cli full = Cli.run("generate", "--model", TINY_LLAMA.toString(), "--prompt", "Hello", "-n", "12", "--ignore-eos");
        String text = full.out().stripTrailing(); // only the newline: the text starts with the first token's space
        assertThat(text.length()).isGreaterThan(4);
        String stop = text.substring(text.length() / 2, text.length() / 2 + 2);
        Cli cut = Cli.run("generate", "--model", TINY_LLAMA.toString(), "--prompt", "Hello", "-n", "12", "--ignore-eos", "--stop", stop);
        assertThat(cut.code()).isZero();
        assertThat(cut.out().stripTrailing()).isEqualTo(text.substring(0, text.indexOf(stop)).stripTrailing());
    }

    @Test
    void seededSamplingIsReproducibleAndChatUsesTheTemplate() {
        String[] args = {"generate", "--model", TINY_LLAMA.toString(), "--chat", "--prompt", "What is LoRA?",
                "-n", "10", "--temperature", "0.9", "--top-k", "40", "--top-p", "0.95", "--seed", "7", "--stats"};
        Cli a = Cli.run(args), b = Cli.run(args);
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(a.out()).isEqualTo(b.out());
        assertThat(a.err()).contains("prompt tokens").contains("new tokens");
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asInt();
        return out;
    }
}
