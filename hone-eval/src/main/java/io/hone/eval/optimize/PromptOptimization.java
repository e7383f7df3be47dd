package io.hone.eval.optimize;

import io.hone.core.generate.SamplingConfig;
import io.hone.eval.EvalOptions;
import io.hone.eval.EvalReport;
import io.hone.eval.Evaluation;
import io.hone.eval.Score;
import io.hone.eval.lm.LanguageModel;
import io.hone.eval.metric.Metric;
import io.hone.eval.metric.Perplexity;
import io.hone.eval.prompt.PromptProgram;
import io.hone.eval.task.Splits;

import java.io.PrintStream;

/**
 * The whole prompt-optimization experiment: search on train/dev within the budget, then score the starting program
 * and the winner on the held-out test split (outside the budget) and the paired difference with its bootstrap CI.
 */
public final class PromptOptimization {
    private PromptOptimization() {}

    public record Report(Optimized search, EvalReport baselineTest, EvalReport bestTest, Score improvement) {}

    public static Report run(PromptOptimizer optimizer, LanguageModel lm, Splits splits, PromptProgram base, Metric metric,
                             Budget budget, long seed, SamplingConfig sampling, PrintStream log) {
        Optimized o = optimizer.optimize(new Search(lm, splits, base, metric, budget, seed, sampling, log));
        EvalOptions opts = new EvalOptions(sampling, seed, null, null);
        EvalReport baseline = Evaluation.run(lm, splits.test(), base, metric, opts);
        EvalReport best = o.best().equals(base) ? baseline : Evaluation.run(lm, splits.test(), o.best(), metric, opts);
        // per-example perplexities do not average to the corpus perplexity: no paired difference for ppl
        Score diff = metric instanceof Perplexity ? null : Evaluation.improvement(baseline, best, seed);
        return new Report(o, baseline, best, diff);
    }
}
