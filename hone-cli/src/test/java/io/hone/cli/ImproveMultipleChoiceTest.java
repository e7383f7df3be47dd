package io.hone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hone improve} on a multiple-choice task (MMLU's dev CSV): scored by log-likelihood accuracy, as hone eval does. */
class ImproveMultipleChoiceTest {
    @TempDir
    Path dir;

    @Test
    void mmluIsScoredByAccuracyAndTheBestCommandReproducesIt() throws Exception {
        Path mmluDev = Path.of(System.getProperty("hone.data", "../shared/data")).resolve("mmlu/dev");
        Cli r = Cli.run("improve", "--task", mmluDev.toString(), "--model", Cli.FIXTURES.resolve("tiny-llama").toString(),
                "--budget", "1rounds,400calls", "--lora-steps", "2", "--out", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode lb = new ObjectMapper().readTree(dir.resolve("leaderboard.json").toFile());
        assertThat(lb.get("entries")).isNotEmpty().allSatisfy(e -> assertThat(e.get("metric").asText()).isEqualTo("acc"));
        // the saved test split keeps the choices and the gold index, so hone eval scores it the same way
        JsonNode first = new ObjectMapper().readTree(Files.readAllLines(dir.resolve("best/test.jsonl")).getFirst());
        assertThat(first.get("choices")).hasSize(4);
        assertThat(first.get("target").isInt()).isTrue();
        String command = lb.get("best").get("command").asText();
        String best = lb.get("best").get("name").asText();
        double score = -1;
        for (JsonNode e : lb.get("entries")) if (e.get("name").asText().equals(best)) score = e.get("score").asDouble();
        assertThat(score).isBetween(0.0, 1.0);
        Cli eval = Cli.run(command.substring("./hone ".length()).split(" "));
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.out()).contains(String.format(Locale.ROOT, "acc %.4f", score));
    }
}
