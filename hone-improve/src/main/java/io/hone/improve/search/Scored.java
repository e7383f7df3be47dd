package io.hone.improve.search;

import io.hone.eval.Score;

import java.util.Map;

/**
 * A candidate with its dev result: per-example scores by example id (all of dev when {@code full}, else the minibatch
 * it was screened on), the mean with its bootstrap CI, and what making and scoring it cost.
 */
public record Scored(Candidate candidate, Map<String, Double> devScores, Score dev, boolean full, Spend spend) {
    public Scored {
        devScores = Map.copyOf(devScores);
    }

    public String id() {
        return candidate.id();
    }

    public Configuration config() {
        return candidate.config();
    }

    /** Sum of scores over the given example ids (those this candidate was scored on). */
    public double sumOver(Iterable<String> ids) {
        double s = 0;
        for (String id : ids) s += devScores.getOrDefault(id, 0.0);
        return s;
    }
}
