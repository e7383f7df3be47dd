package io.hone.cli;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

class BenchTrainCommandTest {
    private static String run(String... args) {
        Cli r = Cli.run(args);
        assertThat(r.code()).as(r.err()).isZero();
        return r.out();
    }

    @Test
    void loraOnTinyShapePrintsOneJsonLine() {
        String out = run("bench", "train", "--shape", "tiny", "--method", "lora", "--batch", "2", "--seq", "16", "--steps", "2");
        assertThat(out.lines().count()).isEqualTo(1);
        assertThat(out).contains("\"torch_tokens_per_s\":null,\"ratio\":null");
        assertThat(out).contains("\"method\":\"lora\"", "\"rank\":16", "\"base_bytes_per_param\":4.0")
                .containsPattern("\"tokens_per_s\":[0-9.]+,\"step_ms\":[0-9.]+,\"peak_rss_mib\":[0-9.]+")
                // 7 projections × 2 layers × r·(in + out)
                .contains("\"trainable_params\":" + 2 * 16 * ((64 + 64) * 2 + (64 + 32) * 2 + (64 + 176) * 3));
    }

    @Test
    void qloraComparedWithLoraReportsBothAndTheQuantizedBytesPerParameter() {
        String out = run("bench", "train", "--shape", "tiny", "--method", "qlora", "--compare", "lora", "--batch", "2", "--seq", "16", "--steps", "1");
        assertThat(out.lines().count()).isEqualTo(1);
        assertThat(out).contains("\"method\":\"qlora\"", "\"compare\":{\"method\":\"lora\"").contains("\"ratio_vs_compare\":");
        double proj = Double.parseDouble(out.replaceAll("(?s).*?\"base_bytes_per_param\":([0-9.]+).*", "$1"));
        double all = Double.parseDouble(out.replaceAll("(?s).*?\"base_bytes_per_param_all\":([0-9.]+).*", "$1"));
        assertThat(proj).isLessThan(1.0); // tiny matrices: the 1 KiB nested map per tensor weighs; 4.127 bits on large ones
        assertThat(all).isGreaterThan(proj).isLessThan(4.0);
    }

    @Test
    void fullFineTuningTrainsEveryParameter() {
        String out = run("bench", "train", "--shape", "tiny", "--method", "full", "--batch", "1", "--seq", "8", "--steps", "1");
        long total = Long.parseLong(out.replaceAll("(?s).*\"total_params\":(\\d+).*", "$1"));
        assertThat(out).contains("\"trainable_params\":" + total, "\"rank\":0");
    }

    @Test
    void failingAnchorFallsBackToHoneOnly(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path script = dir.resolve("anchor.py");
        java.nio.file.Files.writeString(script, "import sys\nsys.exit(3)\n");
        String out = run("bench", "train", "--shape", "tiny", "--batch", "1", "--seq", "8", "--steps", "1",
                "--anchor", "auto", "--anchor-script", script.toString());
        assertThat(out).contains("\"torch_tokens_per_s\":null,\"ratio\":null");
    }

    @Test
    void readsNumbersFromAnchorJson() {
        assertThat(BenchTrainCommand.jsonNumber("{\"a\": 1, \"tokens_per_s\": 104.5}", "tokens_per_s")).isEqualTo(104.5);
    }
}
