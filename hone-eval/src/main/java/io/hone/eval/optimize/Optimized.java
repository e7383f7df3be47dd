package io.hone.eval.optimize;

import io.hone.eval.prompt.PromptProgram;

import java.util.List;

/**
 * A search's outcome: the best program on dev (the baseline when nothing beat it), every candidate scored, the
 * calls used and whether the budget ran out (the candidate being scored then is dropped, not half-counted).
 */
public record Optimized(String optimizer, PromptProgram best, Trial bestTrial, List<Trial> trace, int callsUsed,
                        boolean budgetExhausted) {
    public Optimized {
        trace = List.copyOf(trace);
    }
}
