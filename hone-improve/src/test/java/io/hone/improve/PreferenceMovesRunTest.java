package io.hone.improve;

import com.fasterxml.jackson.databind.JsonNode;
import io.hone.core.io.JsonFile;
import io.hone.improve.demo.BundledModel;
import io.hone.improve.demo.Catalogue;
import io.hone.improve.search.Scored;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * dpo-from-metric and grpo switched on in the test demo run (bundled model): their children carry trained adapters
 * of their stage, show in rounds.jsonl and the leaderboard, and a resumed run replays them from the record.
 */
class PreferenceMovesRunTest {
    @TempDir
    Path dir;

    private static Settings withMoves(DemoRun demo, Path out) {
        return demo.settings(out).toBuilder().moves("+dpo-from-metric,+grpo").grpo(4, 0.8, 2).build();
    }

    @Test
    void childrenAreTrainedRecordedScoredAndReplayed() throws Exception {
        DemoRun demo = new DemoRun(dir.resolve("demo"));
        Path out = dir.resolve("out");
        var log = new ByteArrayOutputStream();
        Improve.Result r = new Improve(withMoves(demo, out), new PrintStream(log, true, StandardCharsets.UTF_8),
                new PrintStream(log, true, StandardCharsets.UTF_8)).run();

        Map<String, Scored> byId = new LinkedHashMap<>();
        for (Scored s : r.search().all()) byId.put(s.id(), s);
        for (String move : List.of("dpo-from-metric", "grpo")) {
            List<Scored> kids = r.search().all().stream().filter(s -> s.candidate().move().equals(move)).toList();
            assertThat(kids).as(move + " children; log:\n" + log).isNotEmpty();
            for (Scored kid : kids) {
                assertThat(kid.candidate().lever()).isEqualTo("weights");
                var w = kid.config().weights();
                assertThat(w.stage()).isEqualTo(move.equals("grpo") ? "grpo" : "dpo");
                assertThat(w.adapter().resolve("adapter_config.json")).exists();
                assertThat(w.adapter().resolve("adapter_model.safetensors")).exists();
                assertThat(kid.spend().steps()).isEqualTo(move.equals("grpo") ? 2 : 4);
                // the child keeps the parent's prompt and retrieval; only the weights change
                Scored parent = byId.get(kid.candidate().parent());
                assertThat(kid.config().withWeights(parent.config().weights())).isEqualTo(parent.config());
                assertThat(kid.config().label()).contains(move.equals("grpo") ? "LoRA-GRPO" : "LoRA-DPO");
                // trained on the parent's prompts as the parent renders them: the same prompts its supervised adapter saw
                Path data = w.adapter().getParent().getParent().resolve("train.jsonl");
                Set<String> prompts = prompts(data);
                assertThat(prompts).isNotEmpty();
                Scored sft = r.search().all().stream().filter(s -> s.candidate().move().equals("train-lora")
                        && s.candidate().parent().equals(parent.id())).findFirst().orElseThrow();
                assertThat(prompts(sft.config().weights().adapter().getParent().getParent().resolve("train.jsonl"))).containsAll(prompts);
                JsonNode first = JsonFile.MAPPER.readTree(Files.readAllLines(data).getFirst());
                if (move.equals("grpo")) {
                    assertThat(first.has("targets")).isTrue();
                } else {
                    assertThat(first.get("chosen").asText()).isNotEqualTo(first.get("rejected").asText());
                }
            }
        }
        List<JsonNode> rows = ImproveRunTest.rounds(out);
        assertThat(rows.stream().map(x -> x.get("move").asText())).contains("dpo-from-metric", "grpo");
        for (JsonNode row : rows) {
            if (row.get("move").asText().equals("dpo-from-metric")) assertThat(row.get("how").asText()).contains("DPO (beta 0.1, + 1.0 x chosen NLL)");
        }
        JsonNode lb = JsonFile.read(out.resolve("leaderboard.json"));
        assertThat(lb.get("move_children")).hasSize((int) rows.stream().filter(x -> List.of("dpo-from-metric", "grpo").contains(x.get("move").asText())).count());
        for (JsonNode c : lb.get("move_children")) {
            assertThat(c.get("delta").asDouble()).isEqualTo(c.get("test").asDouble() - c.get("parent_test").asDouble(), org.assertj.core.data.Offset.offset(1e-9));
        }

        // resume, as after a kill between the search and the final scoring: the replay takes every result from
        // candidates/ (none scored or written again: the DPO pairs and GRPO prompts it rebuilds give the recorded
        // configurations' adapter keys; no adapter trained again) and writes the same leaderboard
        List<JsonNode> straightRounds = rows;
        JsonNode straightBoard = ImproveRunTest.leaderboard(out);
        Map<Path, FileTime> written = new LinkedHashMap<>();
        try (var files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = out.relativize(f).toString();
                if (rel.startsWith("candidates") || rel.startsWith("adapters") || rel.equals("rounds.jsonl")) written.put(f, Files.getLastModifiedTime(f));
            }
        }
        Files.delete(out.resolve("leaderboard.json"));
        var log2 = new ByteArrayOutputStream();
        new Improve(withMoves(demo, out).toBuilder().resume(true).build(), new PrintStream(log2, true, StandardCharsets.UTF_8),
                new PrintStream(log2, true, StandardCharsets.UTF_8)).run();
        for (var e : written.entrySet()) assertThat(Files.getLastModifiedTime(e.getKey())).as(e.getKey().toString()).isEqualTo(e.getValue());
        assertThat(log2.toString()).contains("already trained").doesNotContain("trainable params");
        assertThat(ImproveRunTest.rounds(out)).isEqualTo(straightRounds);
        assertThat(ImproveRunTest.leaderboard(out)).isEqualTo(straightBoard);

        // hygiene: the moves sample, pair and reward on train only; poisoned test targets change nothing the search did
        Path task2 = ImproveRunTest.poisoned(demo, out, dir.resolve("poisoned.jsonl"));
        Path dirty = dir.resolve("dirty");
        var quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        new Improve(withMoves(new DemoRun(task2, demo.docs, demo.model), dirty), quiet, quiet).run();
        assertThat(ImproveRunTest.rounds(dirty)).isEqualTo(straightRounds);
    }

    private static Set<String> prompts(Path trainJsonl) throws Exception {
        Set<String> out = new HashSet<>();
        for (String l : Files.readAllLines(trainJsonl)) out.add(JsonFile.MAPPER.readTree(l).get("prompt").asText());
        return out;
    }
}
