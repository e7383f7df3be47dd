package io.hone.cli;

import io.hone.improve.RagContext;
import io.hone.core.HoneException;
import io.hone.eval.EvalOptions;
import io.hone.eval.EvalReport;
import io.hone.eval.Evaluation;
import io.hone.eval.Score;
import io.hone.eval.lm.CachedModel;
import io.hone.eval.metric.Metric;
import io.hone.eval.prompt.PromptFile;
import io.hone.eval.prompt.PromptProgram;
import io.hone.eval.task.Task;
import io.hone.eval.metric.FaithfulnessJudge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Score a model on a task: greedy answers scored by a metric (or choices by log-likelihood), with a "
                + "95%% bootstrap confidence interval; per-example records to --out.")
public final class EvalCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;
    @Mixin
    TaskOptions task;
    @Mixin
    RagOptions rag;
    @Option(names = "--prompt", description = "Prompt program JSON (e.g. written by optimize-prompt); default: zero-shot \"Question: {input}\\nAnswer:\".")
    Path prompt;
    @Option(names = "--out", description = "Per-example JSONL (input, prompt, output, extracted, target, score).")
    Path out;
    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;
    @Option(names = "--split", defaultValue = "all", description = "Score only this part of the task's seeded train/dev/test split "
            + "(as optimize-prompt splits it with the same --seed, --dev-split, --test-split): all, train, dev or test (default ${DEFAULT-VALUE}).")
    String split;
    @Option(names = "--paired-with", description = "An earlier run's --out file on the same examples: also prints the paired bootstrap "
            + "difference of the mean score (this run minus that one) with its 95%% CI.")
    Path pairedWith;
    @Option(names = "--dev-split", defaultValue = "0.2", description = "With --split: dev fraction (default ${DEFAULT-VALUE}).")
    double devSplit;
    @Option(names = "--test-split", defaultValue = "0.3", description = "With --split: held-out test fraction (default ${DEFAULT-VALUE}).")
    double testSplit;

    @Override
    public Integer call() {
        Task t = part(task.load());
        Metric metric = task.metric(t);
        boolean grounded = rag.on();
        FaithfulnessJudge judge = rag.judge();
        if (grounded) t = new Task(t.name(), RagContext.ground(rag.store(), rag.ragRetriever, rag.ragK, t.examples()));
        if (judge != null) {
            try {
                judge.check();
            } catch (HoneException e) {
                throw new HoneException("--judge-endpoint: " + e.getMessage(), e);
            }
        }
        PromptProgram program = prompt != null ? PromptFile.read(prompt)
                : grounded ? new PromptProgram(PromptProgram.Mode.COMPLETION, "", RagContext.TEMPLATE, java.util.List.of(), null)
                : task.zeroShot();
        PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (CachedModel lm = model.open()) {
            stdout.printf(Locale.ROOT, "task %s: %d examples; model %s; prompt: %s, %s mode%n", t.name(), t.examples().size(),
                    lm.id(), program.summary(), program.mode().name().toLowerCase(Locale.ROOT));
            // with --rag the records are written once the retrieval metrics (and the judge's verdicts) are added to them
            var opts = new EvalOptions(task.sampling(), task.seed, quiet ? null : System.err, grounded ? null : out);
            EvalReport r = Evaluation.run(lm, t.examples(), program, metric, opts);
            RagScoring scoring = grounded ? RagScoring.of(t.examples(), r, judge) : null;
            if (scoring != null) {
                r = scoring.report();
                if (out != null) Evaluation.write(out, r.examples());
            }
            stdout.println(r.score());
            for (Score s : r.others()) stdout.println(s);
            if (scoring != null) stdout.println(scoring.summary().line(rag.ragK));
            if (scoring != null && scoring.judged() != null) stdout.println(scoring.judged().line(judge.id()));
            if (pairedWith != null) stdout.println(PairedScores.difference(pairedWith, r, r.score().metric(), task.seed));
            stdout.printf(Locale.ROOT, "%.1f s, %d model calls (%d cached)%s%n", r.seconds(), lm.misses(), lm.hits(),
                    out == null ? "" : "; per-example results in " + out);
        }
        return 0;
    }

    private Task part(Task t) {
        if (split.equals("all")) return t;
        var s = t.split(devSplit, testSplit, task.seed);
        return switch (split) {
            case "train" -> new Task(t.name(), s.train());
            case "dev" -> new Task(t.name(), s.dev());
            case "test" -> new Task(t.name(), s.test());
            default -> throw new HoneException("--split must be all, train, dev or test, not '" + split + "'");
        };
    }
}
