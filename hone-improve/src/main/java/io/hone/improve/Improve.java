package io.hone.improve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hone.core.HoneException;
import io.hone.core.io.AtomicFile;
import io.hone.core.io.FileTree;
import io.hone.core.generate.SamplingConfig;
import io.hone.core.quant.QuantConfig;
import io.hone.eval.EvalOptions;
import io.hone.eval.EvalReport;
import io.hone.eval.Evaluation;
import io.hone.eval.Score;
import io.hone.eval.lm.CachedModel;
import io.hone.eval.lm.LocalModel;
import io.hone.eval.metric.Metric;
import io.hone.eval.metric.Metrics;
import io.hone.eval.optimize.Budget;
import io.hone.eval.optimize.Optimized;
import io.hone.eval.optimize.RandomSearch;
import io.hone.eval.prompt.PromptFile;
import io.hone.eval.prompt.PromptProgram;
import io.hone.eval.task.Example;
import io.hone.eval.task.Splits;
import io.hone.eval.task.Task;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code hone improve}: one task, one model, every lever scored on the same held-out test split. Seeded
 * train/dev/test split; baseline (zero-shot); prompt optimization (random search over few-shot programs, picked on
 * dev); RAG (BM25 top-k chunks of {@code docs} in the prompt); LoRA and QLoRA (fine-tuned on the train split, prompts
 * rendered exactly as at evaluation; {@link LoraLever}); and the combinations prompt-opt+LoRA, prompt-opt+RAG, RAG+LoRA,
 * RAG+QLoRA and prompt-opt+RAG+LoRA. Writes a leaderboard (stdout, {@code leaderboard.json}, {@code report.html}) and the best
 * configuration under {@code out/best/} with the {@code hone eval} command that reproduces its score.
 */
public final class Improve {
    /**
     * @param small       the small budget: fewer search candidates and calls, few LoRA steps (smoke tests, demos)
     * @param loraSteps   LoRA optimizer steps (0: from the budget)
     */
    public record Settings(Path task, Path model, Path docs, boolean small, long seed, Path out, int ragK, int demos,
                           int maxNewTokens, double devSplit, double testSplit, int loraSteps, int searchCalls) {
        int candidates() {
            return small ? 3 : 8;
        }

        int calls() {
            return searchCalls > 0 ? searchCalls : small ? 40 : 400;
        }
    }

    /**
     * One scored configuration. {@code prompt}, {@code adapter}: where they were written; {@code rag}: uses the index;
     * {@code quant}: the adapter runs over the base quantized on load (QLoRA), null otherwise; {@code command}: the
     * {@code hone eval} command that reproduces its score from the files under {@code out/} (configs/, index/, test.jsonl).
     */
    public record Entry(String name, Score score, Score delta, Path prompt, Path adapter, QuantConfig quant, boolean rag,
                        double seconds, String note, String command) {}

    public record Result(List<Entry> entries, Entry best, String command, double seconds) {}

    private final Settings s;
    private final PrintStream out;
    private final PrintStream log;
    private Metric metric;
    private final SamplingConfig sampling;
    private EvalReport baseline;

    public Improve(Settings s, PrintStream out, PrintStream log) {
        this.s = s;
        this.out = out;
        this.log = log;
        this.sampling = new SamplingConfig(s.maxNewTokens(), 0, 0, 1, 1, s.seed(), List.of(), true);
    }

    public Result run() {
        long t0 = System.nanoTime();
        Task task = Task.load(s.task());
        metric = Metrics.of(task.examples().getFirst().isMultipleChoice() ? "mc" : "em", "squad", "flexible");
        Splits splits = task.split(s.devSplit(), s.testSplit(), s.seed());
        mkdirs(s.out());
        Path testFile = s.out().resolve("test.jsonl");
        writeTask(testFile, splits.test());
        out.printf(Locale.ROOT, "task %s: %d train, %d dev, %d test (seed %d); model %s; budget %s%n", task.name(),
                splits.train().size(), splits.dev().size(), splits.test().size(), s.seed(), s.model(), s.small() ? "small" : "full");
        List<Entry> entries = new ArrayList<>();
        PromptProgram zero = PromptProgram.zeroShot(PromptProgram.Mode.COMPLETION);
        PromptProgram ragZero = new PromptProgram(PromptProgram.Mode.COMPLETION, "", RagContext.TEMPLATE, List.of(), null);

        Splits rag = null;
        Path index = s.out().resolve("index");
        if (s.docs() != null) {
            step("indexing " + s.docs() + " (BM25)");
            deleteTree(index);
            RagContext.index(s.docs(), index, log);
            rag = new Splits(RagContext.ground(index, "bm25", s.ragK(), splits.train()),
                    RagContext.ground(index, "bm25", s.ragK(), splits.dev()), RagContext.ground(index, "bm25", s.ragK(), splits.test()));
        }

        PromptProgram poWinner;
        PromptProgram ragWinner = null;
        String ragWinnerNote = null;
        try (CachedModel lm = new CachedModel(LocalModel.open(s.model(), null), null)) {
            step("baseline (zero-shot)");
            entries.add(score("baseline", lm, splits.test(), zero, null, false, "zero-shot"));
            baseline = reportOf(entries.getLast());

            step("prompt optimization (random search on dev)");
            Optimized po = search(lm, splits, zero);
            poWinner = po.best();
            entries.add(score("prompt-opt", lm, splits.test(), po.best(), null, false, winner(po)));

            if (rag != null) {
                step("RAG (BM25 top-" + s.ragK() + ")");
                entries.add(score("rag", lm, rag.test(), ragZero, null, true, "BM25 top-" + s.ragK()));
                step("prompt-opt + RAG");
                Optimized pr = search(lm, rag, ragZero);
                ragWinner = pr.best();
                ragWinnerNote = pr.best().summary();
                entries.add(score("prompt-opt+rag", lm, rag.test(), ragWinner, null, true, winner(pr)));
            }
        }

        LoraLever lora = new LoraLever(s, log);
        step("LoRA fine-tune on the train split");
        entries.add(tuned("lora", lora.train("lora", splits.train(), zero, false, "zero-shot prompts"), splits.test(), zero, false));
        step("QLoRA fine-tune on the train split (NF4 + double-quant base)");
        entries.add(tuned("qlora", lora.train("qlora", splits.train(), zero, true, "zero-shot prompts"), splits.test(), zero, false));
        step("prompt-opt + LoRA (LoRA trained on the prompt-opt winner's prompts)");
        entries.add(tuned("prompt-opt+lora", lora.train("prompt-opt+lora", splits.train(), poWinner, false,
                "prompt-opt winner's prompts (" + poWinner.summary() + ")"), splits.test(), poWinner, false));
        if (rag != null) {
            step("RAG + LoRA (LoRA trained on RAG prompts)");
            entries.add(tuned("rag+lora", lora.train("rag+lora", rag.train(), ragZero, false, "RAG prompts"), rag.test(), ragZero, true));
            step("RAG + QLoRA (QLoRA trained on RAG prompts)");
            entries.add(tuned("rag+qlora", lora.train("rag+qlora", rag.train(), ragZero, true, "RAG prompts"), rag.test(), ragZero, true));
            step("prompt-opt + RAG + LoRA (LoRA trained on the prompt-opt+rag winner's prompts)");
            entries.add(tuned("prompt-opt+rag+lora", lora.train("prompt-opt+rag+lora", rag.train(), ragWinner, false,
                    "prompt-opt+rag winner's prompts (" + ragWinnerNote + ")"), rag.test(), ragWinner, true));
        }

        Entry best = entries.stream().max(Comparator.comparingDouble(e -> e.score().mean())).orElseThrow();
        // ties go to the earliest (simplest) configuration
        for (Entry e : entries) {
            if (e.score().mean() == best.score().mean()) {
                best = e;
                break;
            }
        }
        String command = saveBest(best, index, testFile);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Result r = new Result(entries, best, command, seconds);
        Leaderboard.print(r, out);
        Leaderboard.writeJson(r, s, s.out().resolve("leaderboard.json"));
        Leaderboard.writeHtml(r, s, s.out().resolve("report.html"));
        out.println("wrote " + s.out().resolve("leaderboard.json") + ", " + s.out().resolve("report.html"));
        out.println("best: " + best.name() + " (saved in " + s.out().resolve("best") + "); reproduce its score with:");
        out.println("  " + command);
        return r;
    }

    /** Scores a trained adapter, over the 4-bit base when it was trained on one. */
    private Entry tuned(String name, LoraLever.Trained t, List<Example> test, PromptProgram program, boolean rag) {
        try (CachedModel lm = new CachedModel(LocalModel.open(s.model(), t.adapter(), t.quant()), null)) {
            return score(name, lm, test, program, t.adapter(), t.quant(), rag, t.note());
        }
    }

    private final Map<String, EvalReport> reports = new LinkedHashMap<>();

    private EvalReport reportOf(Entry e) {
        return reports.get(e.name());
    }

    private Entry score(String name, CachedModel lm, List<Example> test, PromptProgram program, Path adapter, boolean rag, String how) {
        return score(name, lm, test, program, adapter, null, rag, how);
    }

    private Entry score(String name, CachedModel lm, List<Example> test, PromptProgram program, Path adapter, QuantConfig quant,
                        boolean rag, String how) {
        var opts = new EvalOptions(sampling, s.seed(), null, s.out().resolve("results").resolve(name + ".jsonl"));
        EvalReport r = Evaluation.run(lm, test, program, metric, opts);
        reports.put(name, r);
        Path prompt = s.out().resolve("configs").resolve(name).resolve("prompt.json");
        PromptFile.write(prompt, program, Map.of("configuration", name, "how", how, "test_score", r.score().mean()));
        Score delta = baseline == null ? null : Evaluation.improvement(baseline, r, s.seed());
        String note = how;
        if (delta != null && delta.mean() < 0) {
            note += delta.ciHigh() < 0 ? "; HURTS (significantly below baseline)" : "; below baseline (within noise)";
        }
        log.printf(Locale.ROOT, "  %-20s %s (%.1f s)%n", name, r.score(), r.seconds());
        String command = command(s.out().resolve("test.jsonl"), prompt, adapter, quant, rag ? s.out().resolve("index") : null);
        return new Entry(name, r.score(), delta, prompt, adapter, quant, rag, r.seconds(), note, command);
    }

    private Optimized search(CachedModel lm, Splits splits, PromptProgram base) {
        var opt = new RandomSearch(s.demos(), s.candidates(), s.demos());
        return opt.optimize(lm, splits, base, metric, new Budget(s.calls()), s.seed());
    }

    private static String winner(Optimized o) {
        String w = o.bestTrial() == null ? "baseline (nothing scored)" : o.bestTrial().label();
        return "random search winner: " + w + " (" + o.best().summary() + ")" + (o.budgetExhausted() ? ", budget exhausted" : "");
    }

    private String saveBest(Entry best, Path index, Path testFile) {
        Path dir = s.out().resolve("best");
        deleteTree(dir);
        mkdirs(dir);
        try {
            Files.copy(best.prompt(), dir.resolve("prompt.json"));
            Files.copy(testFile, dir.resolve("test.jsonl"));
            if (best.rag()) copyTree(index, dir.resolve("index"));
            if (best.adapter() != null) copyTree(best.adapter(), dir.resolve("adapter"));
        } catch (IOException e) {
            throw new HoneException(dir + ": cannot write: " + e.getMessage(), e);
        }
        return command(dir.resolve("test.jsonl"), dir.resolve("prompt.json"), best.adapter() == null ? null : dir.resolve("adapter"),
                best.quant(), best.rag() ? dir.resolve("index") : null);
    }

    /** The {@code hone eval} command line that scores a configuration on the test split (quantized base first, as loaded). */
    private String command(Path test, Path prompt, Path adapter, QuantConfig quant, Path index) {
        StringBuilder c = new StringBuilder("./hone eval --task ").append(quote(test)).append(" --model ").append(quote(s.model()));
        if (quant != null) c.append(' ').append(quantFlags(quant));
        if (adapter != null) c.append(" --adapter ").append(quote(adapter));
        if (index != null) c.append(" --rag ").append(quote(index)).append(" --rag-k ").append(s.ragK());
        c.append(" --prompt ").append(quote(prompt)).append(" --max-new-tokens ").append(s.maxNewTokens()).append(" --seed ").append(s.seed());
        return c.toString();
    }

    /** A path as one shell word. */
    static String quote(Path p) {
        String t = p.toString();
        return t.matches("[A-Za-z0-9_./+@%=:,-]+") ? t : "'" + t.replace("'", "'\\''") + "'";
    }

    /** {@code hone eval}'s options for a base quantized on load, e.g. {@code --quant nf4} (its defaults left out). */
    static String quantFlags(QuantConfig q) {
        return "--quant " + q.type().name().toLowerCase(Locale.ROOT) + (q.doubleQuant() ? "" : " --no-double-quant")
                + (q.blockSize() == 64 ? "" : " --block-size " + q.blockSize());
    }

    private void step(String what) {
        log.println("== " + what);
    }

    /** The examples as task JSONL that {@code Task.load} reads back the same (multiple choice: choices and gold index). */
    static void writeTask(Path file, List<Example> examples) {
        ObjectMapper m = new ObjectMapper();
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

    static void mkdirs(Path p) {
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

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> w = Files.walk(from)) {
            for (Path q : w.toList()) {
                Path t = to.resolve(from.relativize(q).toString());
                if (Files.isDirectory(q)) Files.createDirectories(t);
                else Files.copy(q, t, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
