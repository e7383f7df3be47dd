package io.hone.eval;

import java.util.List;
import java.util.Map;

/**
 * One example's record in the per-example JSONL: what the model saw and said, what was compared, the score.
 * {@code extra} holds metric-specific details (choice log-likelihoods, token counts).
 */
public record ExampleResult(String id, String input, String prompt, String output, String extracted,
                            List<String> targets, double score, Map<String, Object> extra) {
    public ExampleResult {
        targets = List.copyOf(targets);
        extra = Map.copyOf(extra);
    }
}
