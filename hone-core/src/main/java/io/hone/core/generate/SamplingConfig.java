package io.hone.core.generate;

import java.util.List;

/**
 * Decoding settings with transformers' meanings. temperature 0 means greedy (argmax);
 * topK 0 and topP 1 disable those filters; repetitionPenalty 1 disables it (CTRL-style, as HF).
 */
public record SamplingConfig(int maxNewTokens, double temperature, int topK, double topP,
                             double repetitionPenalty, long seed, List<String> stopStrings, boolean stopAtEos) {
    public SamplingConfig {
        if (maxNewTokens < 0) throw new IllegalArgumentException("max new tokens must be >= 0");
        if (temperature < 0) throw new IllegalArgumentException("temperature must be >= 0");
        if (topK < 0) throw new IllegalArgumentException("top-k must be >= 0");
        if (topP <= 0 || topP > 1) throw new IllegalArgumentException("top-p must be in (0, 1]");
        if (repetitionPenalty <= 0) throw new IllegalArgumentException("repetition penalty must be > 0");
        stopStrings = List.copyOf(stopStrings);
    }

    public static SamplingConfig greedy(int maxNewTokens) {
        return new SamplingConfig(maxNewTokens, 0, 0, 1, 1, 0, List.of(), true);
    }

    public SamplingConfig withoutEos() {
        return new SamplingConfig(maxNewTokens, temperature, topK, topP, repetitionPenalty, seed, stopStrings, false);
    }

    public boolean isGreedy() {
        return temperature == 0;
    }
}
