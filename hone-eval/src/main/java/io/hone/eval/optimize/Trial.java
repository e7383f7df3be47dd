package io.hone.eval.optimize;

import io.hone.eval.prompt.PromptProgram;

/** One candidate the search scored on the dev split, and the model calls spent so far. */
public record Trial(String label, PromptProgram program, double devScore, int callsUsed) {}
