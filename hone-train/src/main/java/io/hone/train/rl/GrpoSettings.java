package io.hone.train.rl;

import io.hone.core.HoneException;

import java.util.List;

/**
 * @param generations  completions sampled per prompt (TRL's {@code num_generations}), at least 2
 * @param temperature  sampling temperature of the rollouts (> 0)
 * @param maxNewTokens longest completion
 * @param beta         weight of the k3 KL estimate to the reference (0 = none, TRL's default)
 * @param epsLow       lower clip ε; {@code epsHigh} upper (DAPO's clip-higher when larger)
 * @param stop         stop strings of the rollouts (and of validation's greedy decoding)
 * @param topK         rollouts draw from the k most likely tokens only (TRL's {@code top_k}; 0 = all)
 * @param topP         rollouts draw from the nucleus of this probability mass (TRL's {@code top_p}; 1 = all)
 */
public record GrpoSettings(int generations, double temperature, int maxNewTokens, double beta, double epsLow, double epsHigh, List<String> stop,
                           int topK, double topP) {
    public GrpoSettings {
        if (generations < 2) throw new HoneException("GRPO needs at least 2 generations per prompt, got " + generations);
        if (!(temperature > 0)) throw new HoneException("GRPO samples its rollouts: temperature must be positive, got " + temperature);
        if (maxNewTokens < 1) throw new HoneException("max new tokens must be at least 1, got " + maxNewTokens);
        if (beta < 0 || epsLow < 0 || epsHigh < 0) throw new HoneException("beta and the clip epsilons cannot be negative");
        if (topK < 0) throw new HoneException("GRPO's top-k must be 0 (off) or positive, got " + topK);
        if (!(topP > 0 && topP <= 1)) throw new HoneException("GRPO's top-p must be in (0, 1], got " + topP);
        stop = List.copyOf(stop);
    }

    /** Rollouts drawn from the whole distribution at {@code temperature} (no top-k / top-p filter). */
    public GrpoSettings(int generations, double temperature, int maxNewTokens, double beta, double epsLow, double epsHigh, List<String> stop) {
        this(generations, temperature, maxNewTokens, beta, epsLow, epsHigh, stop, 0, 1.0);
    }
}
