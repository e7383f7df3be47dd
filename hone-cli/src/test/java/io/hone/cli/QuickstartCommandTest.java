package io.hone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class QuickstartCommandTest {
    @TempDir
    Path dir;

    @Test
    void smokeRunScoresEveryLeverAndWritesTheReport() throws Exception {
        Cli r = Cli.run("quickstart", "--smoke", "--out", dir.toString());
        System.out.print(r.out());
        assertThat(r.code()).as(r.err()).isZero();
        Path improve = dir.resolve("improve");
        assertThat(improve.resolve("report.html")).exists();
        String html = Files.readString(improve.resolve("report.html"));
        assertThat(html).contains("<svg").contains("baseline").contains("rag+lora");
        JsonNode lb = new ObjectMapper().readTree(improve.resolve("leaderboard.json").toFile());
        Set<String> names = new HashSet<>();
        for (JsonNode e : lb.get("entries")) {
            names.add(e.get("name").asText());
            assertThat(e.get("ci_low").asDouble()).isLessThanOrEqualTo(e.get("score").asDouble());
            assertThat(e.get("ci_high").asDouble()).isGreaterThanOrEqualTo(e.get("score").asDouble());
        }
        assertThat(names).contains("baseline", "prompt-opt", "rag", "lora", "prompt-opt+rag", "rag+lora");
        assertThat(improve.resolve("best/prompt.json")).exists();
        String command = lb.get("best").get("command").asText();
        assertThat(command).startsWith("./hone eval --task ").contains("--prompt");
        assertThat(r.out()).contains("baseline").contains("reproduce its score with:");

        // the printed command reproduces the best configuration's score
        String[] args = command.substring("./hone ".length()).split(" ");
        Cli eval = Cli.run(args);
        assertThat(eval.code()).as(eval.err()).isZero();
        String best = lb.get("best").get("name").asText();
        double score = 0;
        for (JsonNode e : lb.get("entries")) if (e.get("name").asText().equals(best)) score = e.get("score").asDouble();
        assertThat(eval.out()).contains(String.format(java.util.Locale.ROOT, "em %.4f", score));
    }
}
