package io.hone.train.rl;

/** The reward of one completion of a prompt (hone's task metric, optionally with a format bonus). */
@FunctionalInterface
public interface Reward {
    double score(RlPrompt prompt, String completion);
}
