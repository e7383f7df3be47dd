package io.hone.rag.answer;

import io.hone.rag.retrieve.Hit;
import io.hone.rag.retrieve.Retriever;

import java.util.List;
import java.util.function.Consumer;

/** Retrieve, fit the sources into the prompt, generate, and report which sources the answer cites. */
public final class RagAnswerer {
    public record Answer(String text, List<Hit> sources, List<Integer> cited) {
    }

    private final Retriever retriever;
    private final AnswerModel model;
    private final int k;
    private final int maxNewTokens;

    public RagAnswerer(Retriever retriever, AnswerModel model, int k, int maxNewTokens) {
        this.retriever = retriever;
        this.model = model;
        this.k = k;
        this.maxNewTokens = maxNewTokens;
    }

    public Answer ask(String question, Consumer<String> stream) {
        List<Hit> hits = retriever.search(question, k);
        RagPrompt prompt = new PromptBuilder(model.tokenCounter(), model.contextTokens(), maxNewTokens).build(question, hits);
        String text = model.complete(prompt.messages(), maxNewTokens, stream);
        return new Answer(text, prompt.sources(), Citations.cited(text, prompt.sources().size()));
    }
}
