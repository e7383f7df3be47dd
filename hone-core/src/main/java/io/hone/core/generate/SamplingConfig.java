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

    /** Plain sampling at {@code temperature}: no top-k/top-p filter, no repetition penalty, stops at EOS only. */
    public static SamplingConfig sampled(int maxNewTokens, double temperature, long seed) {
        return new SamplingConfig(maxNewTokens, temperature, 0, 1, 1, seed, List.of(), true);
    }

    public SamplingConfig withTemperature(double t) {
        return new SamplingConfig(maxNewTokens, t, topK, topP, repetitionPenalty, seed, stopStrings, stopAtEos);
    }

    public SamplingConfig withTopP(double p) {
        return new SamplingConfig(maxNewTokens, temperature, topK, p, repetitionPenalty, seed, stopStrings, stopAtEos);
    }

    public SamplingConfig withSeed(long s) {
        return new SamplingConfig(maxNewTokens, temperature, topK, topP, repetitionPenalty, s, stopStrings, stopAtEos);
    }

    public SamplingConfig withStops(List<String> stops) {
        return new SamplingConfig(maxNewTokens, temperature, topK, topP, repetitionPenalty, seed, stops, stopAtEos);
    }

    public SamplingConfig withoutEos() {
        return new SamplingConfig(maxNewTokens, temperature, topK, topP, repetitionPenalty, seed, stopStrings, false);
    }

    public boolean isGreedy() {
        return temperature == 0;
    }
}
