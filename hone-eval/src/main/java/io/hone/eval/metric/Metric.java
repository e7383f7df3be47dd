package io.hone.eval.metric;

/**
 * How an example is scored. Generative metrics judge generated text; multiple choice and perplexity are
 * computed from the model's log-likelihoods.
 */
public sealed interface Metric permits GenerativeMetric, MultipleChoice, Perplexity {
    /** Short name used in reports ({@code em}, {@code acc}, {@code f1}...). */
    String name();

    default boolean higherIsBetter() {
        return true;
    }
}
