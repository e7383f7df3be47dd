package io.hone.rag.answer;

import io.hone.core.chat.ChatMessage;
import io.hone.core.chat.ChatTemplate;
import io.hone.core.generate.SamplingConfig;
import io.hone.core.generate.TextGenerator;
import io.hone.core.model.LlamaModel;
import io.hone.core.model.ModelLoader;
import io.hone.core.tokenizer.Tokenizer;
import io.hone.rag.ingest.TokenCounter;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A Hugging Face model folder run by hone-core (optionally adapted by the caller): chat template, greedy decoding. */
public final class LocalModel implements AnswerModel {
    private final LlamaModel model;
    private final Tokenizer tokenizer;
    private final ChatTemplate template;
    private final int contextTokens;

    public LocalModel(Path modelDir, int contextLimit) {
        this(ModelLoader.load(modelDir), modelDir, contextLimit);
    }

    /** {@code model} already loaded (e.g. with an adapter folded in, or quantized); tokenizer and template from {@code modelDir}. */
    public LocalModel(LlamaModel model, Path modelDir, int contextLimit) {
        this.model = model;
        this.tokenizer = Tokenizer.load(modelDir);
        this.template = ChatTemplate.load(modelDir);
        int max = model.config().maxPositions();
        this.contextTokens = contextLimit > 0 ? Math.min(contextLimit, max) : max;
    }

    @Override
    public String complete(List<ChatMessage> messages, int maxNewTokens, Consumer<String> stream) {
        String prompt = template.render(messages, true, Map.of());
        return new TextGenerator(model, tokenizer).generate(prompt, false, SamplingConfig.greedy(maxNewTokens), stream).text();
    }

    @Override
    public int contextTokens() {
        return contextTokens;
    }

    @Override
    public TokenCounter tokenCounter() {
        return text -> tokenizer.encode(text, false).length;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
