package io.hone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hone.core.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class GenerateCommandTest {
    static final Path TINY_LLAMA = Cli.FIXTURES.resolve("tiny-llama");

    /** The CLI's greedy text equals the decoded reference greedy ids of transformers. */
    @Test
    void greedyTextMatchesTransformersGreedyIds() throws Exception {
        JsonNode g = new ObjectMapper().readTree(Files.readString(TINY_LLAMA.resolve("greedy.json")));
        int[] promptIds = ints(g.get("prompt_ids"));
        int[] greedy = ints(g.get("greedy_ids"));
        String prompt, expected;
        try (Tokenizer tok = Tokenizer.load(TINY_LLAMA)) {
            prompt = tok.decode(promptIds, true);
            assertThat(tok.encode(prompt, true)).as("prompt round trip").containsExactly(promptIds);
            expected = tok.decode(Arrays.copyOfRange(greedy, promptIds.length, greedy.length), true);
        }
        Cli r = Cli.run("generate", "--model", TINY_LLAMA.toString(), "--prompt", prompt, "-n", "24", "--ignore-eos");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(expected + System.lineSeparator());
    }

    @Test
    void stopStringCutsTheOutput() throws Exception {
        Cli full = Cli.run("generate", "--model", TINY_LLAMA.toString(), "--prompt", "Hello", "-n", "12", "--ignore-eos");
        String text = full.out().strip();
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
