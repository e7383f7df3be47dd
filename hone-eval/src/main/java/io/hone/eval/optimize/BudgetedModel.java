package io.hone.eval.optimize;

import io.hone.core.generate.SamplingConfig;
import io.hone.eval.lm.LanguageModel;
import io.hone.eval.lm.LogLikelihood;
import io.hone.eval.prompt.Prompt;

import java.util.List;

/** Charges every request to a {@link Budget} before passing it on (put a cache in front so repeats are free). */
public record BudgetedModel(LanguageModel inner, Budget budget) implements LanguageModel {
    @Override
    public String id() {
        return inner.id();
    }

    @Override
    public boolean supportsChat() {
        return inner.supportsChat();
    }

    @Override
    public String generate(Prompt prompt, SamplingConfig sampling) {
        budget.charge();
        return inner.generate(prompt, sampling);
    }

    @Override
    public List<String> generateAll(List<Prompt> prompts, List<SamplingConfig> samplings) {
        for (int i = 0; i < prompts.size(); i++) budget.charge();
        return inner.generateAll(prompts, samplings);
    }

    @Override
    public List<LogLikelihood> logLikelihoods(Prompt context, List<String> continuations) {
        budget.charge();
        return inner.logLikelihoods(context, continuations);
    }

    @Override
    public LogLikelihood rollingLogLikelihood(String text) {
        budget.charge();
        return inner.rollingLogLikelihood(text);
    }
}
