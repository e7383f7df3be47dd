package io.hone.eval.metric;

import java.util.List;

/** Scores generated text against the reference answers (the best-matching reference counts, as in SQuAD). */
public non-sealed interface GenerativeMetric extends Metric {
    Judgement judge(String output, List<String> targets);

    /** What was compared (after extraction/normalisation) and the score in [0, 1]. */
    record Judgement(String extracted, double score) {}
}
