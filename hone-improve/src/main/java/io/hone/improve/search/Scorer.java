package io.hone.improve.search;

import io.hone.core.generate.SamplingConfig;
import io.hone.eval.EvalOptions;
import io.hone.eval.EvalReport;
import io.hone.eval.Evaluation;
import io.hone.eval.ExampleResult;
import io.hone.eval.metric.GenerativeMetric;
import io.hone.eval.metric.Metric;
import io.hone.eval.metric.Normalization;
import io.hone.eval.metric.TokenF1;
import io.hone.eval.prompt.PromptProgram;
import io.hone.eval.task.Example;

import java.util.List;

/** Runs a configuration over examples: retrieve, render its prompt program, generate with its weights, score. */
public final class Scorer {
    private final Grounding grounding;
    private final ModelPool models;
    private final Metric metric;
    private final SamplingConfig sampling;
    private final long seed;

    public Scorer(Grounding grounding, ModelPool models, Metric metric, SamplingConfig sampling, long seed) {
        this.grounding = grounding;
        this.models = models;
        this.metric = metric;
        this.sampling = sampling;
        this.seed = seed;
    }

    public EvalReport score(Configuration c, List<Example> examples) {
        return score(c, examples, sampling);
    }

    public EvalReport score(Configuration c, List<Example> examples, SamplingConfig s) {
        return Evaluation.run(models.get(c.weights()), grounding.ground(c.retrieval(), examples), program(c), metric,
                new EvalOptions(s, seed, null, null));
    }

    /** The configuration's prompt program, its demos grounded like the inputs they stand beside. */
    public PromptProgram program(Configuration c) {
        return c.program().withDemos(grounding.groundDemos(c.retrieval(), c.demos()));
    }

    public List<Example> ground(Retrieval r, List<Example> examples) {
        return grounding.ground(r, examples);
    }

    public Metric metric() {
        return metric;
    }

    public SamplingConfig sampling() {
        return sampling;
    }

    public ModelPool models() {
        return models;
    }

    public Grounding grounding() {
        return grounding;
    }

    /**
     * The secondary selection signal of an example: token F1 of the output against the targets (SQuAD), so an answer
     * with the right fact in the wrong format earns something where exact match gives 0. 0 for non-generative metrics.
     */
    public double partialCredit(ExampleResult r) {
        return metric instanceof GenerativeMetric ? F1.judge(r.output(), r.targets()).score() : 0;
    }

    private static final TokenF1 F1 = new TokenF1(Normalization.SQUAD);

    /** Whether a per-example score counts as right (a metric where higher is better, at its maximum). */
    public boolean success(double score) {
        return metric.higherIsBetter() && score >= 1.0;
    }
}
