package io.hone.improve.search;

import io.hone.eval.Score;

import java.util.Map;

/**
 * A candidate with its dev result: per-example scores of the task metric by example id (all of dev when
 * {@code full}, else the minibatch it was screened on) and of the secondary signal ({@link Scorer#partialCredit},
 * token F1 against the target), the metric's mean with its bootstrap CI, and what making and scoring it cost.
 */
public record Scored(Candidate candidate, Map<String, Double> devScores, Map<String, Double> devCredit, Score dev, boolean full, Spend spend) {
    public Scored {
        devScores = Map.copyOf(devScores);
        devCredit = Map.copyOf(devCredit);
    }

    public String id() {
        return candidate.id();
    }

    public Configuration config() {
        return candidate.config();
    }

    /** Mean partial credit over the examples it was scored on. */
    public double creditMean() {
        return devCredit.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    /** Sums of the metric and of partial credit over the given example ids (those this candidate was scored on). */
    public double[] sumsOver(Iterable<String> ids) {
        double s = 0, c = 0;
        for (String id : ids) {
            s += devScores.getOrDefault(id, 0.0);
            c += devCredit.getOrDefault(id, 0.0);
        }
        return new double[] {s, c};
    }

    /** Lexicographic: the metric first, partial credit breaks its ties. */
    public static int compare(double score, double credit, double otherScore, double otherCredit) {
        if (Math.abs(score - otherScore) > 1e-9) return score > otherScore ? 1 : -1;
        if (Math.abs(credit - otherCredit) > 1e-9) return credit > otherCredit ? 1 : -1;
        return 0;
    }
}
