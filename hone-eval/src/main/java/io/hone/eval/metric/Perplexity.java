package io.hone.eval.metric;

/**
 * Token-level perplexity exp(−Σ log p / Σ tokens) over the whole set (not a mean of per-example perplexities).
 * With a target, what is scored is {@code " " + target} after the rendered prompt; without one, the input text alone.
 */
public final class Perplexity implements Metric {
    @Override
    public String name() {
        return "ppl";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    public static double of(double sumLogProb, long tokens) {
        return Math.exp(-sumLogProb / tokens);
    }
}
