package io.hone.train.rl;

import java.util.List;

/** One prompt of a reinforcement-learning task: the text the policy completes and the references its reward uses. */
public record RlPrompt(String id, String prompt, List<String> targets) {
    public RlPrompt {
        targets = List.copyOf(targets);
    }
}
