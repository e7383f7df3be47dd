package io.hone.core.generate;

import io.hone.core.HoneException;

/**
 * The one check of a prompt's token count before generating, shared by every command that generates
 * (through {@code PretrainedModel.encodePrompt}) and by {@code hone serve}: a prompt needs a token to start from and must fit the model's positions ({@code max_position_embeddings}).
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

    /** A prompt past the model's positions: one a caller can skip (an optional step) rather than stop on. */
    public static final class TooLong extends HoneException {
        public TooLong(String message) {
            super(message);
        }
    }

    /** @throws HoneException with {@link #problem}'s line ({@link TooLong} when the prompt does not fit) */
    public static void check(String what, int tokens, int maxPositions) {
        String problem = problem(what, tokens, maxPositions);
        if (problem == null) return;
        throw tooLong(tokens, maxPositions) ? new TooLong(problem) : new HoneException(problem);
    }
}
