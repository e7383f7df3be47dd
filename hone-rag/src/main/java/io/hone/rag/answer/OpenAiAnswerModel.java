package io.hone.rag.answer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hone.core.HoneException;
import io.hone.core.chat.ChatMessage;
import io.hone.core.io.JsonFile;
import io.hone.core.openai.OpenAiHttp;
import io.hone.rag.ingest.TokenCounter;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** Any OpenAI-compatible server: POST {@code /v1/chat/completions}, greedy, not streamed ({@link OpenAiHttp} transport). */
public final class OpenAiAnswerModel implements AnswerModel {
    static final String CHAT = "/v1/chat/completions";
    private final OpenAiHttp http;
    private final String model;
    private final int contextTokens;

    /** {@code endpoint}: the server root, its {@code /v1}, or the full {@code /v1/chat/completions} URL. */
    public OpenAiAnswerModel(String endpoint, String model, String apiKey, int contextTokens) {
        this.http = new OpenAiHttp(endpoint, apiKey, Duration.ofMinutes(5));
        this.model = model;
        this.contextTokens = contextTokens;
    }

    @Override
    public String complete(List<ChatMessage> messages, int maxNewTokens, Consumer<String> stream) {
        ObjectNode body = JsonFile.MAPPER.createObjectNode();
        body.put("model", model);
        var msgs = body.putArray("messages");
        for (ChatMessage m : messages) msgs.addObject().put("role", m.role()).put("content", m.content());
        body.put("max_tokens", maxNewTokens);
        body.put("temperature", 0);
        JsonNode content = http.post(CHAT, body).path("choices").path(0).path("message").path("content");
        if (!content.isTextual()) throw new HoneException(http.base() + CHAT + ": response has no choices[0].message.content");
        stream.accept(content.asText());
        return content.asText();
    }

    @Override
    public int contextTokens() {
        return contextTokens;
    }

    @Override
    public TokenCounter tokenCounter() {
        return TokenCounter.WORD_PIECE_ESTIMATE;
    }
}
