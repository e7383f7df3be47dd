package io.hone.eval.optimize;

import io.hone.core.generate.SamplingConfig;
import io.hone.eval.EvalOptions;
import io.hone.eval.Evaluation;
import io.hone.eval.ExampleResult;
import io.hone.eval.lm.CachedModel;
import io.hone.eval.lm.LanguageModel;
import io.hone.eval.metric.Metric;
import io.hone.eval.prompt.PromptProgram;
import io.hone.eval.task.Example;
import io.hone.eval.task.Splits;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a search works with: the model (behind the budget, behind a cache so repeated prompts are free), the
 * splits, the program to start from, the metric, the generation settings, and where the trace is printed as it
 * grows (null = nowhere). Keeps the trace and the best candidate (ties keep the earlier, i.e. simpler, one).
 */
public final class Search {
    final LanguageModel model;
    final Splits splits;
    final PromptProgram base;
    final Metric metric;
    final Budget budget;
    final long seed;
    final SamplingConfig sampling;
    private final PrintStream log;
    private final List<Trial> trace = new ArrayList<>();
    private Trial best;
    private boolean exhausted;

    public Search(LanguageModel lm, Splits splits, PromptProgram base, Metric metric, Budget budget, long seed,
                  SamplingConfig sampling, PrintStream log) {
        this.model = new CachedModel(new BudgetedModel(lm, budget));
        this.splits = splits;
        this.base = base;
        this.metric = metric;
        this.budget = budget;
        this.seed = seed;
        this.sampling = sampling;
        this.log = log;
    }

    /** Scores a candidate on dev and records it. */
    public double evaluate(String label, PromptProgram p) {
        double s = Evaluation.run(model, splits.dev(), p, metric, options()).score().mean();
        Trial t = new Trial(label, p, s, budget.used());
        trace.add(t);
        if (best == null || better(s, best.devScore())) best = t;
        if (log != null) log.printf(Locale.ROOT, "  %-28s dev %s %.4f  (%s; %d calls)%n", label, metric.name(), s, p.summary(), budget.used());
        return s;
    }

    /** Runs the program on one example (e.g. a train example while bootstrapping demos). */
    public ExampleResult run(PromptProgram p, Example ex) {
        return Evaluation.run(model, List.of(ex), p, metric, options()).examples().getFirst();
    }

    boolean better(double a, double b) {
        return metric.higherIsBetter() ? a > b : a < b;
    }

    /** Whether a run's score counts as "the model got it right" (for keeping bootstrapped demos). */
    boolean success(double score) {
        return metric.higherIsBetter() && score >= 1.0;
    }

    EvalOptions options() {
        return EvalOptions.defaults().withSampling(sampling);
    }

    void exhausted() {
        exhausted = true;
        if (log != null) log.printf(Locale.ROOT, "  budget of %d model calls exhausted; stopping with the best so far%n", budget.max());
    }

    void note(String line) {
        if (log != null) log.println("  " + line);
    }

    Optimized result(String optimizer) {
        if (best == null) return new Optimized(optimizer, base, null, trace, budget.used(), exhausted);
        return new Optimized(optimizer, best.program(), best, trace, budget.used(), exhausted);
    }
}
