package io.hone.improve.moves;

import io.hone.eval.task.Example;
import io.hone.improve.search.Scored;
import io.hone.improve.search.Scorer;

import io.hone.improve.search.Weights;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * What moves work with: the train split (never dev or test labels beyond the dev scores the search already holds),
 * a dev minibatch (hyperparameter races select on dev, as the search does), the scorer, the adapter trainer, the
 * reflector, the other frontier members (for merges), the training steps still allowed, the wall-clock seconds left
 * (infinite without a time budget) with the seconds a training step has taken so far per stage ({@code sft},
 * {@code dpo}, {@code grpo}; a stage not seen yet has none), and a seed that differs per round.
 */
public record MoveContext(List<Example> train, List<Example> devBatch, Scorer scorer, AdapterTrainer trainer, Reflector reflector, MoveSettings settings,
                          List<Scored> frontier, long stepsLeft, double secondsLeft, Map<String, Double> secondsPerStep, long seed, PrintStream log) {
    /** Whether {@code steps} more supervised steps fit in the steps and the wall-clock budget (by the rate seen so far). */
    public boolean fits(long steps) {
        return fits(steps, Weights.SFT);
    }

    /**
     * Whether {@code steps} more steps of {@code stage} fit: in the steps budget, and in the time left at that stage's
     * seconds per step so far; before the stage has run, at the supervised rate times {@link #stepCost}.
     */
    public boolean fits(long steps, String stage) {
        Double rate = secondsPerStep.get(stage);
        double perStep = rate != null ? rate : secondsPerStep.getOrDefault(Weights.SFT, 0.0) * stepCost(stage, settings);
        return steps <= stepsLeft && steps * perStep <= secondsLeft;
    }

    /**
     * A first guess of a step's cost in supervised steps (batch 8 rows): DPO's batch is 8 pairs = 16 rows, plus the
     * reference pass, 3; GRPO's is {@link PreferenceMoves#GRPO_BATCH} prompts × G rollouts, each decoded and then
     * trained, 2 × 4G / 8 = G.
     */
    static double stepCost(String stage, MoveSettings s) {
        return switch (stage) {
            case Weights.DPO -> 3;
            case Weights.GRPO -> 2.0 * PreferenceMoves.GRPO_BATCH * s.grpoGenerations() / 8;
            default -> 1;
        };
    }

    public MoveContext {
        train = List.copyOf(train);
        devBatch = List.copyOf(devBatch);
        frontier = List.copyOf(frontier);
        secondsPerStep = Map.copyOf(secondsPerStep);
    }
}
