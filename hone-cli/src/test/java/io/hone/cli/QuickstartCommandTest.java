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
    static final List<String> ALL = List.of("baseline", "prompt-opt", "rag", "prompt-opt+rag", "lora", "qlora", "prompt-opt+lora", "rag+lora",
            "rag+qlora", "prompt-opt+rag+lora");

    @TempDir
    Path dir;

    @Test
    void smokeRunScoresEveryLeverAndWritesTheReport() throws Exception {
        Cli r = Cli.run("quickstart", "--smoke", "--out", dir.toString());
        System.out.print(r.out());
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, JsonNode> entries = checkLeaderboard(dir.resolve("improve"), r);
        // QLoRA adapters are evaluated over the 4-bit base they were trained on, and their commands say so
        for (String q : List.of("qlora", "rag+qlora")) {
            assertThat(entries.get(q).get("quant").asText()).isEqualTo("nf4-dq-b64");
            assertThat(entries.get(q).get("command").asText()).contains(" --quant nf4 --adapter ");
        }
        assertThat(entries.get("lora").has("quant")).isFalse();
        assertThat(entries.get("lora").get("command").asText()).doesNotContain("--quant");
        // the combinations' own commands reproduce their scores too (QLoRA over the NF4 base, the three-lever program)
        for (String name : List.of("qlora", "prompt-opt+lora", "rag+qlora", "prompt-opt+rag+lora")) reproduces(entries.get(name));
        // LoRA of the three-lever combination trained on prompts rendered by the prompt-opt+rag winner
        Path rows = dir.resolve("improve/configs/prompt-opt+rag+lora/train.jsonl");
        assertThat(Files.readAllLines(rows)).isNotEmpty().allSatisfy(l -> assertThat(l).contains("Context: ").contains("Question: "));
        // and prompt-opt+lora's on prompts rendered by the prompt-opt winner, with no retrieved context
        Path poRows = dir.resolve("improve/configs/prompt-opt+lora/train.jsonl");
        assertThat(Files.readAllLines(poRows)).isNotEmpty().allSatisfy(l -> assertThat(l).doesNotContain("Context: ").contains("Question: "));
    }

    @Test
    void realHuggingFaceModelFolderRunsEndToEnd() throws Exception {
        // BF16 weights, the real Llama 2 tokenizer (SentencePiece-style BPE, BOS/EOS) and a Jinja chat template:
        // everything the bundled byte-level model does not exercise. Random weights: the scores are ~0, the path is the test.
        Path tiny = Cli.FIXTURES.resolve("tiny-llama");
        Cli r = Cli.run("quickstart", "--smoke", "--model", tiny.toString(), "--out", dir.toString());
        System.out.print(r.out());
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, JsonNode> entries = checkLeaderboard(dir.resolve("improve"), r);
        reproduces(entries.get("rag+qlora"));
        assertThat(dir.resolve("base-model")).doesNotExist();
    }

    /** Every configuration is there with sane numbers; best/ holds its files and its command reproduces its score. */
    static Map<String, JsonNode> checkLeaderboard(Path improve, Cli r) throws Exception {
        assertThat(improve.resolve("report.html")).exists();
        String html = Files.readString(improve.resolve("report.html"));
        assertThat(html).contains("<svg");
        for (String name : ALL) assertThat(html).contains(">" + name + "<");
        JsonNode lb = new ObjectMapper().readTree(improve.resolve("leaderboard.json").toFile());
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        int n = -1;
        double previous = Double.POSITIVE_INFINITY;
        for (JsonNode e : lb.get("entries")) {
            String name = e.get("name").asText();
            assertThat(entries.put(name, e)).as("duplicate " + name).isNull();
            double score = e.get("score").asDouble();
            assertThat(score).as(name).isBetween(0.0, 1.0).isLessThanOrEqualTo(previous);
            previous = score;
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
            assertThat(e.get("rag").asBoolean()).as(name).isEqualTo(name.contains("rag"));
            assertThat(e.get("adapter").asBoolean()).as(name).isEqualTo(name.contains("lora"));
            assertThat(e.get("note").asText()).as(name).isNotBlank();
            assertThat(improve.resolve("results").resolve(name + ".jsonl")).exists();
            assertThat(improve.resolve("configs").resolve(name).resolve("prompt.json")).exists();
        }
        assertThat(entries.keySet()).containsExactlyInAnyOrderElementsOf(ALL);
        assertThat(n).isEqualTo(Files.readAllLines(improve.resolve("test.jsonl")).size());
        for (String name : ALL) assertThat(r.out()).contains(name);
        assertThat(r.out()).contains("reproduce its score with:");

        String best = lb.get("best").get("name").asText();
        JsonNode b = entries.get(best);
        Path saved = improve.resolve("best");
        assertThat(saved.resolve("prompt.json")).exists();
        assertThat(saved.resolve("test.jsonl")).exists();
        assertThat(Files.exists(saved.resolve("index"))).isEqualTo(b.get("rag").asBoolean());
        assertThat(Files.exists(saved.resolve("adapter/adapter_model.safetensors"))).isEqualTo(b.get("adapter").asBoolean());
        String command = lb.get("best").get("command").asText();
        assertThat(command).startsWith("./hone eval --task " + saved.resolve("test.jsonl")).contains("--prompt " + saved.resolve("prompt.json"));
        reproduces(command, best, b.get("score").asDouble());
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
