package io.hone.eval.lm;

/**
 * Summed natural-log probability of a continuation's tokens, its token count, and whether greedy decoding would
 * have produced exactly those tokens (lm-evaluation-harness's {@code is_greedy}).
 */
public record LogLikelihood(double logProb, int tokens, boolean greedy) {}
