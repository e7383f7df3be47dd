package io.hone.eval.optimize;

import io.hone.core.generate.SamplingConfig;
import io.hone.eval.lm.LanguageModel;
import io.hone.eval.metric.Metric;
import io.hone.eval.prompt.PromptProgram;
import io.hone.eval.task.Splits;

/**
 * Searches over prompt programs: candidates built from the train split, scored on dev with the task metric,
 * within a budget of model calls, reproducibly for a seed. Every optimizer scores the starting program first, so
 * the result is never worse on dev than where it started.
 */
public interface PromptOptimizer {
    String name();

    /** Runs the search; a {@link BudgetExhausted} inside ends it with the best candidate so far. */
    default Optimized optimize(Search search) {
        try {
            search(search);
        } catch (BudgetExhausted e) {
            search.exhausted();
        }
        return search.result(name());
    }

    /** The search itself: calls {@link Search#evaluate} for each candidate. */
    void search(Search search);

    default Optimized optimize(LanguageModel lm, Splits splits, PromptProgram base, Metric metric, Budget budget, long seed) {
        return optimize(new Search(lm, splits, base, metric, budget, seed, SamplingConfig.greedy(64), null));
    }
}
