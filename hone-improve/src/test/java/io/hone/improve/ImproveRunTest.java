package io.hone.improve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hone.core.HoneException;
import io.hone.core.io.JsonFile;
import io.hone.improve.search.SearchBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** End-to-end runs of the iterative search on the bundled model: hygiene, resume after kill -9, budgets, outputs. */
class ImproveRunTest {
    @TempDir
    Path dir;

    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    private static Improve.Result run(Settings s) {
        return new Improve(s, QUIET, QUIET).run();
    }

    /** rounds.jsonl without what varies from run to run (wall time; calls, which a resumed run serves from its cache). */
    static List<JsonNode> rounds(Path out) throws Exception {
        List<JsonNode> l = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("rounds.jsonl"))) {
            ObjectNode o = (ObjectNode) JsonFile.MAPPER.readTree(line);
            o.remove("seconds");
            o.remove("calls");
            l.add(o);
        }
        return l;
    }

    /** leaderboard.json without wall time, the output folder in its commands neutralised. */
    static JsonNode leaderboard(Path out) throws Exception {
        String text = Files.readString(out.resolve("leaderboard.json")).replace(out.toString(), "OUT");
        ObjectNode o = (ObjectNode) JsonFile.MAPPER.readTree(text);
        o.remove("seconds");
        return o;
    }

    @Test
    void searchNeverReadsTestLabels() throws Exception {
        DemoRun demo = new DemoRun(dir.resolve("demo"));
        Improve.Result clean = run(demo.settings(dir.resolve("clean")));
        Path task2 = poisoned(demo, dir.resolve("clean"), dir.resolve("poisoned.jsonl"));
        Improve.Result dirty = run(new DemoRun(task2, demo.docs, demo.model).settings(dir.resolve("dirty")));
        assertThat(rounds(dir.resolve("dirty"))).isEqualTo(rounds(dir.resolve("clean")));
        assertThat(dirty.scores().winner().candidate().id()).isEqualTo(clean.scores().winner().candidate().id());
        // the poison did reach the final scoring, which is the only place test labels are read
        assertThat(dirty.scores().winner().test().score().mean()).isZero();
        assertThat(clean.search().all().size()).isGreaterThan(5);
    }

    /**
     * The demo task with every target of the test split {@code cleanRun} wrote replaced by a distinct poison: anything
     * the search decided from test labels would change rounds.jsonl.
     */
    static Path poisoned(DemoRun demo, Path cleanRun, Path file) throws Exception {
        Set<String> testInputs = new HashSet<>();
        for (String l : Files.readAllLines(cleanRun.resolve("test.jsonl"))) testInputs.add(JsonFile.MAPPER.readTree(l).get("input").asText());
        StringBuilder poisoned = new StringBuilder();
        int n = 0;
        for (String l : Files.readAllLines(demo.task)) {
            ObjectNode o = (ObjectNode) JsonFile.MAPPER.readTree(l);
            if (testInputs.contains(o.get("input").asText())) {
                o.put("target", "POISON " + n++);
            }
            poisoned.append(o).append('\n');
        }
        assertThat(n).isEqualTo(testInputs.size());
        Files.writeString(file, poisoned);
        return file;
    }

    @Test
    void resumeAfterKill9GivesTheSameLeaderboard() throws Exception {
        DemoRun demo = new DemoRun(dir.resolve("demo"));
        run(demo.settings(dir.resolve("straight")));
        Path out = dir.resolve("killed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), DemoRun.class.getName(), demo.task.toString(), demo.docs.toString(), demo.model.toString(),
                out.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        Path candidates = out.resolve("candidates");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (count(candidates) < 6 && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(p.isAlive()).as("the child was still searching when killed; log: " + dir.resolve("child.log")).isTrue();
        p.destroyForcibly(); // SIGKILL
        p.waitFor(30, TimeUnit.SECONDS);
        assertThat(out.resolve("leaderboard.json")).doesNotExist();
        assertThatThrownBy(() -> run(demo.settings(out))).isInstanceOf(HoneException.class).hasMessageContaining("--resume");
        run(demo.settings(out).toBuilder().resume(true).build());
        assertThat(rounds(out)).isEqualTo(rounds(dir.resolve("straight")));
        assertThat(leaderboard(out).get("entries")).isEqualTo(leaderboard(dir.resolve("straight")).get("entries"));
    }

    private static long count(Path d) throws Exception {
        if (!Files.isDirectory(d)) return 0;
        try (var s = Files.list(d)) {
            return s.filter(f -> f.getFileName().toString().matches("c\\d+\\.json")).count();
        }
    }

    @Test
    void stepsAndCallsBudgetsAreRespected() throws Exception {
        DemoRun demo = new DemoRun(dir.resolve("demo"));
        // two adapters of 4 steps fit in 9 steps; a third must not start
        Improve.Result r = run(demo.settings(dir.resolve("steps")).toBuilder().budget(new SearchBudget(0, 0, 9, 3)).build());
        long steps = r.search().all().stream().mapToLong(s -> s.spend().steps()).sum();
        assertThat(steps).isLessThanOrEqualTo(9).isPositive();
        assertThat(r.search().spent().steps()).isLessThanOrEqualTo(9);

        Improve.Result c = run(demo.settings(dir.resolve("calls")).toBuilder().budget(new SearchBudget(0, 40, 0, 3)).build());
        assertThat(c.search().stopReason()).contains("40 model calls");
        long most = c.search().all().stream().mapToLong(s -> s.spend().calls()).max().orElseThrow();
        // checked before each candidate: the last one may run past the line by at most its own calls
        assertThat(c.search().spent().calls()).isLessThan(40 + most);
    }

    @Test
    void writesRoundsLeaderboardReportAndAReproducibleBest() throws Exception {
        DemoRun demo = new DemoRun(dir.resolve("demo"));
        Path out = dir.resolve("out");
        Improve.Result r = run(demo.settings(out));
        List<JsonNode> rows = rounds(out);
        assertThat(rows).hasSize(r.search().all().size());
        assertThat(rows.getFirst().get("parent").isNull()).isTrue();
        for (JsonNode row : rows.subList(1, rows.size())) {
            assertThat(row.get("parent").asText()).matches("c\\d+");
            assertThat(row.get("move").asText()).isNotBlank();
            assertThat(row.get("dev").get("ci_low").asDouble()).isLessThanOrEqualTo(row.get("dev").get("mean").asDouble());
        }
        JsonNode lb = JsonFile.read(out.resolve("leaderboard.json"));
        JsonNode best = lb.get("entries").get(0);
        assertThat(best.get("name").asText()).isEqualTo("best");
        if (r.scores().bestSingle() != null) assertThat(best.get("vs_best_single").get("delta_ci_low").isNumber()).isTrue();
        assertThat(lb.get("trajectory")).hasSize(r.search().rounds().size());
        assertThat(out.resolve("report.html")).exists();
        assertThat(out.resolve("best/prompt.json")).exists();
        assertThat(r.command()).contains(out.resolve("best/test.jsonl").toString()).contains("--prompt");
        // an --out that holds a run is refused without --resume
        assertThatThrownBy(() -> run(demo.settings(out))).isInstanceOf(HoneException.class).hasMessageContaining("another improve run");
    }
}
