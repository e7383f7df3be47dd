package io.hone.eval.metric;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Multiple choice by log-likelihood, as lm-evaluation-harness: each choice is scored as the continuation
 * {@code " " + choice} of the prompt; {@code acc} = the highest log-likelihood is the right choice,
 * {@code acc_norm} = the highest log-likelihood per UTF-8 byte of the choice text (without the leading space).
 * lm-eval divides by Python's {@code len(choice)} (characters): the same for ASCII choices. Ties go to the first.
 */
public final class MultipleChoice implements Metric {
    public static final String DELIMITER = " ";

    public record Result(int pred, int predNorm, double acc, double accNorm) {}

    @Override
    public String name() {
        return "acc";
    }

    public static Result score(double[] logLikelihoods, List<String> choices, int gold) {
        int pred = 0, predNorm = 0;
        double bestNorm = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < logLikelihoods.length; i++) {
            if (logLikelihoods[i] > logLikelihoods[pred]) pred = i;
            double norm = logLikelihoods[i] / Math.max(1, choices.get(i).getBytes(StandardCharsets.UTF_8).length);
            if (norm > bestNorm) {
                bestNorm = norm;
                predNorm = i;
            }
        }
        return new Result(pred, predNorm, pred == gold ? 1 : 0, predNorm == gold ? 1 : 0);
    }
}
