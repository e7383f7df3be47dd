package io.hone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class QuickstartCommandTest {
    @TempDir
    Path dir;

    @Test
    void smokeRunSearchesIterativelyAndWritesTheReport() throws Exception {
        Cli r = Cli.run("quickstart", "--smoke", "--out", dir.toString());
        System.out.print(r.out());
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, JsonNode> entries = checkLeaderboard(dir.resolve("improve"), r);
        assertThat(entries).containsKeys("best", "baseline");
        // every entry's own command reproduces its test score (QLoRA ones over the NF4 base they were trained on)
        for (JsonNode e : entries.values()) {
            if (e.has("quant")) assertThat(e.get("command").asText()).contains(" --quant nf4 --adapter ");
            reproduces(e);
        }
        // adapters were trained on prompts rendered as their parent renders them: RAG prompts carry the retrieved context
        List<String> rows = Files.readAllLines(dir.resolve("improve/rounds.jsonl"));
        assertThat(rows.size()).isGreaterThan(5);
        assertThat(String.join("\n", rows)).contains("\"move\":\"add-retrieval\"").contains("\"move\":\"train-lora\"");
    }

    @Test
    void realHuggingFaceModelFolderRunsEndToEnd() throws Exception {
        // BF16 weights, the real Llama 2 tokenizer (SentencePiece-style BPE, BOS/EOS) and a Jinja chat template:
        // everything the bundled byte-level model does not exercise. Random weights: the scores are ~0, the path is the test.
        Path tiny = Cli.FIXTURES.resolve("tiny-llama");
        Cli r = Cli.run("quickstart", "--smoke", "--model", tiny.toString(), "--out", dir.toString());
        System.out.print(r.out());
        assertThat(r.code()).as(r.err()).isZero();
        checkLeaderboard(dir.resolve("improve"), r);
        assertThat(dir.resolve("base-model")).doesNotExist();
    }

    /** Every entry has sane numbers on the same test split; best/ holds its files and its command reproduces its score. */
    static Map<String, JsonNode> checkLeaderboard(Path improve, Cli r) throws Exception {
        assertThat(improve.resolve("report.html")).exists();
        assertThat(Files.readString(improve.resolve("report.html"))).contains("<svg");
        JsonNode lb = new ObjectMapper().readTree(improve.resolve("leaderboard.json").toFile());
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        int n = -1;
        for (JsonNode e : lb.get("entries")) {
            String name = e.get("name").asText();
            assertThat(entries.put(name, e)).as("duplicate " + name).isNull();
            double score = e.get("score").asDouble();
            assertThat(score).as(name).isBetween(0.0, 1.0);
            assertThat(e.get("ci_low").asDouble()).as(name).isBetween(0.0, score);
            assertThat(e.get("ci_high").asDouble()).as(name).isBetween(score, 1.0);
            if (n < 0) n = e.get("n").asInt();
            assertThat(e.get("n").asInt()).as(name + ": same test split").isEqualTo(n);
            if (name.equals("baseline")) {
                assertThat(e.has("delta")).isFalse();
            } else {
                double d = e.get("delta").asDouble();
                assertThat(d).as(name).isBetween(-1.0, 1.0);
                assertThat(e.get("delta_ci_low").asDouble()).as(name).isLessThanOrEqualTo(d);
                assertThat(e.get("delta_ci_high").asDouble()).as(name).isGreaterThanOrEqualTo(d);
            }
            assertThat(e.get("label").asText()).as(name).isNotBlank();
        }
        assertThat(n).isEqualTo(Files.readAllLines(improve.resolve("test.jsonl")).size());
        assertThat(r.out()).contains("reproduce its test score with:").contains("search stopped: ");
        JsonNode b = entries.get("best");
        Path saved = improve.resolve("best");
        assertThat(saved.resolve("prompt.json")).exists();
        assertThat(saved.resolve("test.jsonl")).exists();
        assertThat(Files.exists(saved.resolve("index"))).isEqualTo(b.get("rag").asBoolean());
        assertThat(Files.exists(saved.resolve("adapter/adapter_model.safetensors"))).isEqualTo(b.get("adapter").asBoolean());
        String command = lb.get("best").get("command").asText();
        assertThat(command).startsWith("./hone eval --task " + saved.resolve("test.jsonl")).contains("--prompt " + saved.resolve("prompt.json"));
        reproduces(command, "best", b.get("score").asDouble());
        return entries;
    }

    static void reproduces(JsonNode entry) {
        reproduces(entry.get("command").asText(), entry.get("name").asText(), entry.get("score").asDouble());
    }

    /** Runs a printed {@code ./hone eval ...} command in-process and finds the same score in its output. */
    static void reproduces(String command, String name, double score) {
        assertThat(command).startsWith("./hone eval ");
        Cli eval = Cli.run(command.substring("./hone ".length()).split(" "));
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.out()).as(name + ": " + command).contains(String.format(Locale.ROOT, "em %.4f", score));
    }
}
