package io.hone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hone bench generate}: single stream and batched give the same tokens; the last line is the JSON summary. */
class BenchGenerateCommandTest {
    @Test
    void batchedAndSingleStreamAgreeOnARandomModel() throws Exception {
        Cli r = Cli.run("bench", "generate", "--shape", "tiny", "--prompts", "5", "--prompt-tokens", "24", "--shared-prefix", "16",
                "--new", "6", "--batch", "3", "--rounds", "1");
        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        JsonNode j = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertThat(j.get("bench").asText()).isEqualTo("generate");
        assertThat(j.get("same_tokens").asBoolean()).isTrue();
        assertThat(j.get("prompts").asInt()).isEqualTo(5);
        assertThat(j.get("batched_tokens_per_s").asDouble()).isPositive();
        assertThat(j.get("single_tokens_per_s").asDouble()).isPositive();
    }

    @Test
    void aSharedPrefixAsLongAsThePromptIsOneLine() {
        Cli r = Cli.run("bench", "generate", "--shape", "tiny", "--prompt-tokens", "8", "--shared-prefix", "8");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).contains("--shared-prefix 8 must be below --prompt-tokens 8");
    }
}
