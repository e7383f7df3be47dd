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
     * {@link #generate} for each prompt, {@code samplings[i]} for prompt i, results in order and equal to one call at a
     * time; a model that decodes several sequences together (a local model) overrides it.
     */
    default List<String> generateAll(List<Prompt> prompts, List<SamplingConfig> samplings) {
        if (prompts.size() != samplings.size()) throw new IllegalArgumentException(prompts.size() + " prompts, " + samplings.size() + " sampling configs");
        List<String> out = new java.util.ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) out.add(generate(prompts.get(i), samplings.get(i)));
        return out;
    }

    /** {@link #generateAll(List, List)} with the same settings for every prompt. */
    default List<String> generateAll(List<Prompt> prompts, SamplingConfig sampling) {
        return generateAll(prompts, java.util.Collections.nCopies(prompts.size(), sampling));
    }

    /**
     * log P(continuation | context) for each continuation, context shared (lm-eval's {@code loglikelihood}
     * requests). Continuations usually start with a space ({@code " Paris"}).
     */
    List<LogLikelihood> logLikelihoods(Prompt context, List<String> continuations);

    /** log P(text) over all of the text's tokens, each conditioned on the tokens before it (perplexity). */
    LogLikelihood rollingLogLikelihood(String text);
}
