package io.hone.eval.metric;

import io.hone.core.HoneException;

/** Metric by name, as the CLI spells them. */
public final class Metrics {
    private Metrics() {}

    /**
     * {@code em}, {@code contains}, {@code f1} (with {@code normalize}: see {@link Normalization#parse}),
     * {@code regex} (with {@code extract}: strict, flexible or a pattern), {@code mc}, {@code ppl}.
     */
    public static Metric of(String name, String normalize, String extract) {
        try {
            return switch (name) {
                case "em" -> new ExactMatch(Normalization.parse(normalize));
                case "contains" -> new Contains(Normalization.parse(normalize));
                case "f1" -> new TokenF1(Normalization.parse(normalize));
                case "regex" -> RegexAnswer.parse(extract);
                case "mc" -> new MultipleChoice();
                case "ppl" -> new Perplexity();
                default -> throw new HoneException("unknown metric '" + name + "' (use em, contains, regex, f1, mc or ppl)");
            };
        } catch (IllegalArgumentException e) {
            throw new HoneException("metric " + name + ": " + e.getMessage());
        }
    }
}
