package io.hone.rag.answer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hone.core.HoneException;
import io.hone.core.chat.ChatMessage;
import io.hone.rag.ingest.TokenCounter;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** Any OpenAI-compatible server: POST {@code /v1/chat/completions}, greedy, not streamed. */
public final class OpenAiEndpoint implements AnswerModel {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI uri;
    private final String model;
    private final String apiKey;
    private final int contextTokens;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public OpenAiEndpoint(String endpoint, String model, String apiKey, int contextTokens) {
        this.uri = chatUri(endpoint);
        this.model = model;
        this.apiKey = apiKey;
        this.contextTokens = contextTokens;
    }

    /** Accepts the server root, its {@code /v1}, or the full {@code /v1/chat/completions} URL. */
    static URI chatUri(String endpoint) {
        String e = endpoint.strip().replaceAll("/+$", "");
        if (!e.endsWith("/chat/completions")) e += e.endsWith("/v1") ? "/chat/completions" : "/v1/chat/completions";
        try {
            URI u = URI.create(e);
            if (u.getScheme() == null || !u.getScheme().startsWith("http") || u.getHost() == null) throw new IllegalArgumentException();
            return u;
        } catch (IllegalArgumentException ex) {
            throw new HoneException("--endpoint: '" + endpoint + "' is not an http(s) URL");
        }
    }

    @Override
    public String complete(List<ChatMessage> messages, int maxNewTokens, Consumer<String> stream) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        var msgs = body.putArray("messages");
        for (ChatMessage m : messages) msgs.addObject().put("role", m.role()).put("content", m.content());
        body.put("max_tokens", maxNewTokens);
        body.put("temperature", 0);
        var req = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (apiKey != null && !apiKey.isBlank()) req.header("Authorization", "Bearer " + apiKey);
        HttpResponse<String> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new HoneException(uri + ": cannot reach endpoint: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HoneException(uri + ": interrupted", e);
        }
        if (resp.statusCode() / 100 != 2) {
            String b = resp.body() == null ? "" : resp.body().strip();
            throw new HoneException(uri + ": HTTP " + resp.statusCode() + (b.isEmpty() ? "" : ": " + (b.length() > 300 ? b.substring(0, 300) + "…" : b)));
        }
        try {
            JsonNode content = JSON.readTree(resp.body()).path("choices").path(0).path("message").path("content");
            if (!content.isTextual()) throw new HoneException(uri + ": response has no choices[0].message.content");
            stream.accept(content.asText());
            return content.asText();
        } catch (IOException e) {
            throw new HoneException(uri + ": response is not JSON", e);
        }
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
