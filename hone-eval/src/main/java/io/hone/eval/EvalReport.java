package io.hone.eval;

import java.util.List;

/** The result of one evaluation: the primary score, other scores (e.g. acc_norm), per-example records. */
public record EvalReport(Score score, List<Score> others, List<ExampleResult> examples, double seconds) {
    public EvalReport {
        others = List.copyOf(others);
        examples = List.copyOf(examples);
    }

    /** Per-example primary scores, in example order (for paired comparisons). */
    public double[] scores() {
        return examples.stream().mapToDouble(ExampleResult::score).toArray();
    }
}
