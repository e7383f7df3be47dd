package io.hone.improve.moves;

import io.hone.eval.task.Example;
import io.hone.improve.search.Scored;
import io.hone.improve.search.Scorer;

import java.io.PrintStream;
import java.util.List;

/**
 * What moves work with: the train split (never dev or test labels beyond the dev scores the search already holds),
 * a dev minibatch (hyperparameter races select on dev, as the search does), the scorer, the adapter trainer, the reflector, the other frontier members (for merges), the training steps still
 * allowed, the wall-clock seconds left (infinite without a time budget) with the seconds a training step has taken
 * so far (0 before the first), and a seed that differs per round.
 */
public record MoveContext(List<Example> train, List<Example> devBatch, Scorer scorer, AdapterTrainer trainer, Reflector reflector, MoveSettings settings,
                          List<Scored> frontier, long stepsLeft, double secondsLeft, double secondsPerStep, long seed, PrintStream log) {
    /** Whether training {@code steps} more steps fits in the steps and the wall-clock budget (by the rate seen so far). */
    public boolean fits(long steps) {
        return steps <= stepsLeft && steps * secondsPerStep <= secondsLeft;
    }

    public MoveContext {
        train = List.copyOf(train);
        devBatch = List.copyOf(devBatch);
        frontier = List.copyOf(frontier);
    }
}
