package io.hone.rag.answer;

import io.hone.core.chat.ChatMessage;
import io.hone.core.generate.SamplingConfig;
import io.hone.core.generate.TextGenerator;
import io.hone.core.model.PretrainedModel;
import io.hone.rag.ingest.TokenCounter;

import java.util.List;
import java.util.function.Consumer;

/**
 * A model folder opened by hone-train's {@code ModelOpener} (adapter, quantization, chat template required) and run in
 * this JVM: the chat template, greedy decoding; the prompt checked against the model's positions as every command does.
 */
public final class LocalAnswerModel implements AnswerModel {
    private final PretrainedModel model;
    private final int contextTokens;

    /** Takes ownership of {@code model} (closed with this); {@code contextLimit} > 0 caps the model's positions. */
    public LocalAnswerModel(PretrainedModel model, int contextLimit) {
        this.model = model;
        int max = model.maxPositions();
        this.contextTokens = contextLimit > 0 ? Math.min(contextLimit, max) : max;
    }

    @Override
    public String complete(List<ChatMessage> messages, int maxNewTokens, Consumer<String> stream) {
        int[] ids = model.encodePrompt("rendered chat template", model.renderChat(messages), false);
        return new TextGenerator(model.model(), model.tokenizer()).generate(ids, SamplingConfig.greedy(maxNewTokens), stream).text();
    }

    @Override
    public int contextTokens() {
        return contextTokens;
    }

    @Override
    public TokenCounter tokenCounter() {
        return text -> model.tokenizer().encode(text, false).length;
    }

    @Override
    public void close() {
        model.close();
    }
}
