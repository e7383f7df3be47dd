package io.hone.eval.lm;

import io.hone.core.generate.SamplingConfig;
import io.hone.eval.prompt.Prompt;

import java.util.List;

/** What the harness and the prompt optimizers need from a model: generate text, score text. */
public interface LanguageModel {
    /** Stable identity of the model and its settings (cache keys, reports). */
    String id();

    /** Whether {@link Prompt.Chat} prompts work (a base model without a chat template takes text prompts only). */
    default boolean supportsChat() {
        return true;
    }

    /** The completion of a text prompt, or the assistant reply to a chat prompt (stop strings not included). */
    String generate(Prompt prompt, SamplingConfig sampling);

    /**
     * log P(continuation | context) for each continuation, context shared (lm-eval's {@code loglikelihood}
     * requests). Continuations usually start with a space ({@code " Paris"}).
     */
    List<LogLikelihood> logLikelihoods(Prompt context, List<String> continuations);

    /** log P(text) over all of the text's tokens, each conditioned on the tokens before it (perplexity). */
    LogLikelihood rollingLogLikelihood(String text);
}
