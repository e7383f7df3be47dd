package io.hone.improve;

import io.hone.core.HoneException;
import io.hone.core.generate.SamplingConfig;
import io.hone.core.io.AtomicFile;
import io.hone.core.io.FileTree;
import io.hone.eval.lm.CachedModel;
import io.hone.eval.lm.LanguageModel;
import io.hone.eval.lm.OpenAiEndpoint;
import io.hone.eval.metric.Metric;
import io.hone.eval.metric.Metrics;
import io.hone.eval.task.Example;
import io.hone.eval.task.Splits;
import io.hone.eval.task.Task;
import io.hone.improve.moves.AdapterTrainer;
import io.hone.improve.moves.LmReflector;
import io.hone.improve.moves.MoveSettings;
import io.hone.improve.moves.Reflector;
import io.hone.improve.report.ReportHtml;
import io.hone.improve.report.RunSummary;
import io.hone.improve.search.FinalScoring;
import io.hone.improve.search.Grounding;
import io.hone.improve.search.IterativeSearch;
import io.hone.improve.search.ModelPool;
import io.hone.improve.search.RunStore;
import io.hone.improve.search.Scorer;
import io.hone.improve.search.Weights;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code hone improve}: prompt, retrieval and weights combined and applied iteratively on one task. Seeded
 * train/dev/test split; the {@link IterativeSearch} decides everything on train and dev; then {@link FinalScoring}
 * scores the winner, the baseline, the best single lever, each round's leader and the winner's ablations on test,
 * once. Writes {@code rounds.jsonl}, {@code leaderboard.json}, {@code report.html} and {@code best/} (with the
 * {@code hone eval} command that reproduces the winner's test score).
 */
public final class Improve {
    public record Result(FinalScoring.Result scores, IterativeSearch.Outcome search, String command, double seconds) {}

    private final Settings s;
    private final PrintStream out;
    private final PrintStream log;

    public Improve(Settings s, PrintStream out, PrintStream log) {
        this.s = s;
        this.out = out;
        this.log = log;
    }

    public Result run() {
        long t0 = System.nanoTime();
        Task task = Task.load(s.task());
        Metric metric = Metrics.of(task.examples().getFirst().isMultipleChoice() ? "mc" : "em", "squad", "flexible");
        Splits splits = task.split(s.devSplit(), s.testSplit(), s.seed());
        RunStore store = new RunStore(s.out());
        int swept = store.open(identity(), s.resume());
        if (swept > 0) log.println("removed " + swept + " leftover temp file(s)/folder(s) of interrupted writes in " + s.out());
        writeTask(s.out().resolve("test.jsonl"), splits.test());
        out.printf(Locale.ROOT, "task %s: %d train, %d dev, %d test (seed %d); model %s; budget %s%s%n", task.name(), splits.train().size(),
                splits.dev().size(), splits.test().size(), s.seed(), s.model(), s.budget().describe(), s.resume() ? "; resuming " + s.out() : "");
        var sampling = SamplingConfig.greedy(s.maxNewTokens()).withSeed(s.seed());
        Grounding grounding = new Grounding(s.docs(), s.out().resolve("indexes"), s.solr(), log);
        try (ModelPool pool = new ModelPool(s.model(), s.out().resolve("cache"));
             CachedModel endpoint = s.reflectorEndpoint() == null ? null
                     : new CachedModel(new OpenAiEndpoint(s.reflectorEndpoint(), s.reflectorModel()), s.out().resolve("cache/reflector.jsonl"))) {
            Scorer scorer = new Scorer(grounding, pool, metric, sampling, s.seed());
            Reflector reflector = endpoint != null ? new LmReflector(endpoint, s.reflectorModel() + " at " + s.reflectorEndpoint(), 256, 0.7)
                    : new LmReflector(baseOf(pool), "the task model", 96, 0.7);
            var trainer = new AdapterTrainer(s.model(), s.out().resolve("adapters"), s.seed(), log);
            var moves = new MoveSettings(s.demos(), 8, s.ragK(), s.chunkTokens(), s.chunkChoices(), s.kChoices(), s.retrievers(), s.rank(),
                    s.lr(), s.steps(), 3, 0.8, s.weightMoves(), s.dpoBeta(), s.rpoAlpha(), s.grpoGenerations(), s.grpoTemperature(), s.grpoSteps());
            var opts = new IterativeSearch.Options(s.budget(), s.parents(), s.minibatch(), s.patience(), 1.0 / splits.dev().size(), moves, s.seed());
            var search = new IterativeSearch(splits.train(), splits.dev(), scorer, trainer, reflector,
                    () -> pool.calls() + (endpoint == null ? 0 : endpoint.misses()), store, opts, out, log);
            IterativeSearch.Outcome outcome = search.run();
            out.println("scoring on the held-out test split (once, after every decision was made on dev)");
            FinalScoring.Result fin = new FinalScoring(scorer, splits.test(), s.seed()).run(outcome);
            var files = new Outputs(s, scorer, grounding);
            String command = files.writeBest(fin.winner());
            Map<String, String> commands = files.writeConfigs(fin.entries());
            double seconds = (System.nanoTime() - t0) / 1e9;
            Result r = new Result(fin, outcome, command, seconds);
            RunSummary summary = summary(r, metric, splits);
            Leaderboard.print(r, out);
            Leaderboard.writeJson(r, s, commands, s.out().resolve("leaderboard.json"));
            ReportHtml.write(summary, s.out().resolve("report.html"));
            out.println("wrote " + s.out().resolve("rounds.jsonl") + ", " + s.out().resolve("leaderboard.json") + ", " + s.out().resolve("report.html"));
            out.println("best: " + fin.winner().config().label() + " (saved in " + s.out().resolve("best") + "); reproduce its test score with:");
            out.println("  " + command);
            return r;
        }
    }

    /** The task model (base weights) for the reflector, taken from the pool on each call (the pool may close it). */
    private static LanguageModel baseOf(ModelPool pool) {
        return new LanguageModel() {
            public String id() {
                return pool.get(Weights.BASE).id();
            }

            public boolean supportsChat() {
                return pool.get(Weights.BASE).supportsChat();
            }

            public String generate(io.hone.eval.prompt.Prompt p, SamplingConfig sc) {
                return pool.get(Weights.BASE).generate(p, sc);
            }

            public List<String> generateAll(List<io.hone.eval.prompt.Prompt> ps, List<SamplingConfig> scs) {
                return pool.get(Weights.BASE).generateAll(ps, scs);
            }

            public List<io.hone.eval.lm.LogLikelihood> logLikelihoods(io.hone.eval.prompt.Prompt c, List<String> conts) {
                return pool.get(Weights.BASE).logLikelihoods(c, conts);
            }

            public io.hone.eval.lm.LogLikelihood rollingLogLikelihood(String text) {
                return pool.get(Weights.BASE).rollingLogLikelihood(text);
            }
        };
    }

    private RunSummary summary(Result r, Metric metric, Splits splits) {
        FinalScoring.Result f = r.scores();
        return new RunSummary(s.task().toString(), s.model().toString(), s.docs() == null ? null : s.docs().toString(), s.seed(),
                s.budget().describe(), metric.name(), splits.dev().size(), splits.test().size(), r.seconds(), r.search().stopReason(), f.rows(),
                f.trajectory(), f.lineage(), f.ablations(), f.examples(), f.vsBaseline(), f.vsBestSingle(), f.winner().candidate().id(),
                f.winner().config().label(), r.command());
    }

    /** What makes a run the same run (checked by --resume). */
    private Map<String, Object> identity() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", s.task().toAbsolutePath().normalize().toString());
        m.put("task_sha256", sha256(s.task()));
        m.put("model", s.model().toAbsolutePath().normalize().toString());
        m.put("docs", s.docs() == null ? null : s.docs().toAbsolutePath().normalize().toString());
        m.put("seed", s.seed());
        m.put("budget", s.budget().describe());
        if (s.solr() != null) m.put("solr", s.solr().cluster() + " " + s.solr().collection()); // absent for embedded runs, as before
        m.put("settings", String.format(Locale.ROOT, "k=%d chunk=%d chunks=%s ks=%s retrievers=%s demos=%d new=%d dev=%s test=%s rank=%d lr=%s steps=%d %s parents=%d mb=%d patience=%d reflector=%s",
                s.ragK(), s.chunkTokens(), s.chunkChoices(), s.kChoices(), s.retrievers(), s.demos(), s.maxNewTokens(), s.devSplit(), s.testSplit(),
                s.rank(), s.lr(), s.steps(), s.movesIdentity(), s.parents(), s.minibatch(), s.patience(), s.reflectorEndpoint() + "#" + s.reflectorModel()));
        return m;
    }

    /** SHA-256 of a file, or of a folder's files (relative paths and contents, in name order; MMLU's CSV folder). */
    static String sha256(Path f) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            if (Files.isDirectory(f)) {
                try (var w = Files.walk(f)) {
                    for (Path p : w.filter(Files::isRegularFile).sorted().toList()) {
                        d.update(f.relativize(p).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        d.update(Files.readAllBytes(p));
                    }
                }
            } else {
                d.update(Files.readAllBytes(f));
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (IOException e) {
            throw new HoneException(f + ": cannot read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The examples as task JSONL that {@code Task.load} reads back the same (multiple choice: choices and gold index). */
    static void writeTask(Path file, List<Example> examples) {
        var m = io.hone.core.io.JsonFile.MAPPER;
        StringBuilder text = new StringBuilder();
        try {
            for (Example ex : examples) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("id", ex.id());
                o.put("input", ex.input());
                if (ex.isMultipleChoice()) {
                    o.put("choices", ex.choices());
                    o.put("target", ex.gold());
                } else {
                    o.put("target", ex.targets().size() == 1 ? ex.target() : ex.targets());
                }
                ex.fields().forEach(o::putIfAbsent);
                text.append(m.writeValueAsString(o)).append('\n');
            }
        } catch (IOException e) {
            throw new HoneException(file + ": cannot write: " + e.getMessage(), e);
        }
        AtomicFile.writeString(file, text.toString());
    }

    public static void mkdirs(Path p) {
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new HoneException(p + ": cannot create: " + e.getMessage(), e);
        }
    }

    /** Deletes a folder tree if it exists; a failure is a HoneException naming the path. */
    public static void deleteTree(Path p) {
        try {
            FileTree.delete(p);
        } catch (IOException e) {
            throw new HoneException(p + ": cannot delete: " + e.getMessage(), e);
        }
    }
}
