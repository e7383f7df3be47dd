package io.hone.improve.report;

import io.hone.eval.Score;

import java.util.List;

/**
 * Everything {@code report.html} and {@code leaderboard.json} show about one iterative improve run. Dev scores drove
 * every decision; test scores were computed once, at the end, and were not used for selection.
 *
 * @param candidates   every configuration the search scored, in the order it was scored
 * @param trajectory   per round: the best configuration so far by dev score, with its dev and (final, unused) test score
 * @param lineage      the winner's ancestry, root (baseline) first: which move gave how much
 * @param ablations    the winner with one component reset to the baseline's, scored on test
 * @param examples     per test example: baseline vs. winner
 * @param vsBaseline   winner − baseline on test (paired bootstrap CI)
 * @param vsBestSingle winner − the best single-lever configuration (chosen on dev) on test (paired bootstrap CI)
 */
public record RunSummary(String task, String model, String docs, long seed, String budget, String metric, int devN, int testN,
                         double seconds, String stopReason, List<CandidateRow> candidates, List<RoundPoint> trajectory,
                         List<LineageStep> lineage, List<Ablation> ablations, List<ExampleDiff> examples, Comparison vsBaseline,
                         Comparison vsBestSingle, String bestId, String bestLabel, String command) {

    /**
     * One scored configuration. {@code full}: scored on the whole dev split (else only on a dev minibatch, then dropped);
     * {@code label}: what it is (e.g. "bm25 k=1 chunk=64 + LoRA r16 + 2 demos"); {@code move}: what made it from its
     * parent. Costs: model calls, training steps, seconds.
     */
    public record CandidateRow(int round, String id, String parent, String move, String label, Score dev, boolean full,
                               long calls, long steps, double seconds) {}

    /** The best configuration by dev after a round, with its test score (computed at the end, not used to select). */
    public record RoundPoint(int round, String bestId, String label, Score dev, Score test) {}

    /** One step on the winner's lineage: the move, its dev gain over the parent and the test score of the step. */
    public record LineageStep(String id, String move, String label, Score dev, double devGain, Score test) {}

    /** The winner with {@code removed} (prompt, retrieval or weights) reset: its test score and (ablated − winner). */
    public record Ablation(String removed, String label, Score test, Score delta) {}

    /** One test example: the baseline's and the winner's output and score. */
    public record ExampleDiff(String id, String input, String target, String baselineOutput, double baselineScore,
                              String bestOutput, double bestScore) {}

    /** A paired comparison: {@code name} of the other configuration, winner − other. */
    public record Comparison(String name, String label, Score delta) {}
}
