package io.hone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hone bench serve}: a real server, one request at a time and batched, the same text; the last line is the JSON summary. */
class BenchServeCommandTest {
    @Test
    void serialAndBatchedServingGiveTheSameTextOnARandomModel() throws Exception {
        Cli r = Cli.run("bench", "serve", "--shape", "tiny", "--clients", "4", "--requests", "2", "--adapters", "2", "--rank", "4",
                "--prompt-tokens", "8", "--new", "5", "--max-batch", "4");
        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        JsonNode j = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertThat(j.get("bench").asText()).isEqualTo("serve");
        assertThat(j.get("same_text").asBoolean()).isTrue();
        assertThat(j.get("clients").asInt()).isEqualTo(4);
        for (String field : new String[]{"serial_tokens_per_s", "batched_tokens_per_s", "ratio", "serial_p50_s", "serial_p95_s",
                "batched_p50_s", "batched_p95_s"}) {
            assertThat(j.get(field).asDouble()).as(field).isPositive();
        }
        assertThat(r.err()).contains("max-batch 1:").contains("max-batch 4:");
    }
}
