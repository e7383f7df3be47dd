package io.hone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hone bench inference --formats}: one JSON line per format, bytes per token in each format's storage, a roofline. */
class BenchInferenceCommandTest {
    static final Path TINY = Cli.FIXTURES.resolve("tiny-llama");

    @Test
    void formatsAlternateAndReportBytesAndRoofline() throws Exception {
        Cli r = Cli.run("bench", "inference", "--model", TINY.toString(), "--formats", "f32,bf16,int8", "--prompt", "8", "--new", "4",
                "--repeats", "1", "--stream-mib", "8");
        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines).hasSize(3);
        var json = new ObjectMapper();
        JsonNode f32 = json.readTree(lines[0]), bf16 = json.readTree(lines[1]), int8 = json.readTree(lines[2]);
        assertThat(f32.get("format").asText()).isEqualTo("f32");
        assertThat(int8.get("format").asText()).isEqualTo("int8");
        // tiny-llama: 2 layers of 64x64 q, 32x64 k/v, 64x64 o, 3 x 176x64 MLP, tied 32000x64 head; norms + one embedding row
        long params = 2L * (64 * 64 * 2 + 32 * 64 * 2 + 3 * 176 * 64) + 32000L * 64;
        long small = 4L * 64 * (2 * 2 + 2);
        assertThat(f32.get("weight_bytes_per_token").asLong()).isEqualTo(4 * params + small);
        assertThat(bf16.get("weight_bytes_per_token").asLong()).isEqualTo(2 * params + small);
        long groups = 2L * (64 * 2 * 2 + 32 * 2 * 2 + 2 * 176 * 2 + 64 * 6) + 32000L * 2; // ceil(in/32) per row
        assertThat(int8.get("weight_bytes_per_token").asLong()).isEqualTo(params + 4 * groups + small);
        for (JsonNode n : new JsonNode[]{f32, bf16, int8}) {
            assertThat(n.get("copy_gb_per_s").asDouble()).isPositive();
            assertThat(n.get("fraction_of_roofline").asDouble()).isPositive();
            assertThat(n.get("roofline_tokens_per_s").asDouble())
                    .isCloseTo(n.get("copy_gb_per_s").asDouble() * 1e9 / n.get("weight_bytes_per_token").asLong(), org.assertj.core.data.Percentage.withPercentage(1));
        }
    }
}
