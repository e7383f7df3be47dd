package io.hone.core.generate;

import io.hone.core.HoneException;

/**
 * The one check of a prompt's token count before generating, shared by {@code hone generate} and {@code hone serve}:
 * a prompt needs a token to start from and must fit the model's positions ({@code max_position_embeddings}).
 */
public final class PromptLength {
    private PromptLength() {}

    /** Why a prompt ({@code what}: "prompt", "messages", ...) of this many tokens cannot be generated from; null when it can. */
    public static String problem(String what, int tokens, int maxPositions) {
        if (tokens == 0) return "the " + what + " has no tokens (nothing to start generating from)";
        if (tokens > maxPositions) {
            return "the " + what + " has " + tokens + " tokens; the model's context is " + maxPositions
                    + " tokens (max_position_embeddings)";
        }
        return null;
    }

    public static boolean tooLong(int tokens, int maxPositions) {
        return tokens > maxPositions;
    }

    /** @throws HoneException with {@link #problem}'s line */
    public static void check(String what, int tokens, int maxPositions) {
        String problem = problem(what, tokens, maxPositions);
        if (problem != null) throw new HoneException(problem);
    }
}
