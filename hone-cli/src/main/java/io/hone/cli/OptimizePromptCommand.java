package io.hone.cli;

import io.hone.core.HoneException;
import io.hone.eval.Score;
import io.hone.eval.lm.CachedModel;
import io.hone.eval.metric.Metric;
import io.hone.eval.optimize.BootstrapFewShot;
import io.hone.eval.optimize.Budget;
import io.hone.eval.optimize.InstructionSearch;
import io.hone.eval.optimize.KnnFewShot;
import io.hone.eval.optimize.LabeledFewShot;
import io.hone.eval.optimize.PromptOptimization;
import io.hone.eval.optimize.PromptOptimizer;
import io.hone.eval.optimize.RandomSearch;
import io.hone.eval.prompt.PromptFile;
import io.hone.eval.prompt.PromptProgram;
import io.hone.eval.task.Splits;
import io.hone.eval.task.Task;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "optimize-prompt", mixinStandardHelpOptions = true,
        description = "Search for a better prompt program (demos, instruction) on a train/dev split within a budget of model "
                + "calls, then compare the winner with the starting prompt on the held-out test split.")
public final class OptimizePromptCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;
    @Mixin
    TaskOptions task;
    @Option(names = "--optimizer", defaultValue = "random-search", description = "labeled, bootstrap, random-search, knn or instruction (default ${DEFAULT-VALUE}).")
    String optimizer;
    @Option(names = "--budget", defaultValue = "500", description = "Maximum model calls for the search; cached repeats are free (default ${DEFAULT-VALUE}).")
    int budget;
    @Option(names = "--dev-split", defaultValue = "0.2", description = "Fraction of the task for scoring candidates (default ${DEFAULT-VALUE}).")
    double devSplit;
    @Option(names = "--test-split", defaultValue = "0.3", description = "Held-out fraction for the final comparison (default ${DEFAULT-VALUE}).")
    double testSplit;
    @Option(names = "--k", defaultValue = "4", description = "Demos per prompt (default ${DEFAULT-VALUE}).")
    int k;
    @Option(names = "--candidates", defaultValue = "8", description = "random-search: candidate programs incl. baseline, labeled and bootstrap (default ${DEFAULT-VALUE}).")
    int candidates;
    @Option(names = "--instructions", description = "instruction: file of candidate instructions, one per line.")
    Path instructions;
    @Option(names = "--rounds", defaultValue = "3", description = "instruction: OPRO rounds of instructions proposed by the model (default ${DEFAULT-VALUE}).")
    int rounds;
    @Option(names = "--prompt", description = "Starting prompt program JSON (default: zero-shot).")
    Path prompt;
    @Option(names = "--out", required = true, description = "Where to write the winning prompt program (JSON; use with hone eval --prompt).")
    Path out;

    @Override
    public Integer call() {
        if (budget < 1) throw new HoneException("--budget must be >= 1");
        if (k < 1) throw new HoneException("--k must be >= 1");
        PromptOptimizer opt = switch (optimizer) {
            case "labeled" -> new LabeledFewShot(k);
            case "bootstrap" -> new BootstrapFewShot(k, k);
            case "random-search" -> new RandomSearch(k, Math.max(3, candidates), k);
            case "knn" -> new KnnFewShot(k);
            case "instruction" -> new InstructionSearch(readInstructions(), rounds, 3);
            default -> throw new HoneException("unknown optimizer '" + optimizer + "' (use labeled, bootstrap, random-search, knn or instruction)");
        };
        Task t = task.load();
        Metric metric = task.metric(t);
        Splits splits = t.split(devSplit, testSplit, task.seed);
        PromptProgram base = prompt != null ? PromptFile.read(prompt) : task.zeroShot();
        PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (CachedModel lm = model.open()) {
            stdout.printf(Locale.ROOT, "task %s: %d train, %d dev, %d test; optimizer %s, budget %d model calls, seed %d%n",
                    t.name(), splits.train().size(), splits.dev().size(), splits.test().size(), opt.name(), budget, task.seed);
            stdout.println("search trace (candidate, dev score):");
            var r = PromptOptimization.run(opt, lm, splits, base, metric, new Budget(budget), task.seed, task.sampling(), stdout);
            var s = r.search();
            stdout.printf(Locale.ROOT, "%d model calls used for the search%s%n", s.callsUsed(),
                    s.budgetExhausted() ? " (budget exhausted: search stopped early)" : "");
            String winner = s.bestTrial() == null ? "baseline (nothing scored)" : s.bestTrial().label();
            stdout.println("winner: " + winner + " — " + s.best().summary());
            stdout.println("test, baseline:  " + r.baselineTest().score());
            stdout.println("test, optimized: " + r.bestTest().score());
            if (r.improvement() != null) stdout.println("improvement:     " + r.improvement());
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("task", task.task.toString());
            meta.put("optimizer", opt.name());
            meta.put("winner", winner);
            meta.put("seed", task.seed);
            meta.put("model_calls", s.callsUsed());
            meta.put("budget_exhausted", s.budgetExhausted());
            if (s.bestTrial() != null) meta.put("dev_score", s.bestTrial().devScore());
            meta.put("test_score", score(r.bestTest().score()));
            meta.put("baseline_test_score", score(r.baselineTest().score()));
            PromptFile.write(out, s.best(), meta);
            stdout.println("wrote " + out);
        }
        return 0;
    }

    private static Map<String, Object> score(Score s) {
        return Map.of("metric", s.metric(), "mean", s.mean(), "ci_low", s.ciLow(), "ci_high", s.ciHigh(), "n", s.n());
    }

    private List<String> readInstructions() {
        if (instructions == null) return List.of();
        try {
            return Files.readAllLines(instructions, StandardCharsets.UTF_8).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new HoneException(instructions + ": cannot read: " + e.getMessage(), e);
        }
    }
}
