package io.hone.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code stream: true}: Server-Sent Events whose deltas add up to the non-streamed answer. */
class StreamingTest {
    static TinyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TinyServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        var m = new LinkedHashMap<>(body);
        m.put(key, value);
        return m;
    }

    private static List<JsonNode> chunks(TinyServer.Response r) throws Exception {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        List<String> events = r.events();
        assertThat(events.getLast()).isEqualTo("[DONE]");
        List<JsonNode> out = new ArrayList<>();
        for (String e : events.subList(0, events.size() - 1)) out.add(TinyServer.JSON.readTree(e));
        return out;
    }

    @Test
    void completionDeltasConcatenateToTheNonStreamedText() throws Exception {
        for (var stop : List.of(List.of(), List.of(" Sony"))) {
            Map<String, Object> req = Map.of("model", "tiny-llama", "prompt", "Once upon a time", "max_tokens", 24, "temperature", 0, "stop", stop);
            JsonNode whole = server.post("/v1/completions", TinyServer.json(req)).json();
            List<JsonNode> chunks = chunks(server.post("/v1/completions", TinyServer.json(with(with(req, "stream", true),
                    "stream_options", Map.of("include_usage", true)))));
            StringBuilder text = new StringBuilder();
            String finish = null;
            for (JsonNode c : chunks.subList(0, chunks.size() - 1)) {
                assertThat(c.get("object").asText()).isEqualTo("text_completion");
                assertThat(c.get("model").asText()).isEqualTo("tiny-llama");
                assertThat(c.get("id").asText()).isEqualTo(chunks.getFirst().get("id").asText()).startsWith("cmpl-");
                text.append(c.at("/choices/0/text").asText());
                if (!c.at("/choices/0/finish_reason").isNull()) finish = c.at("/choices/0/finish_reason").asText();
            }
            assertThat(chunks.size()).as("one event per piece of text").isGreaterThan(3);
            assertThat(text.toString()).isEqualTo(whole.at("/choices/0/text").asText()).isNotEmpty();
            assertThat(finish).isEqualTo(whole.at("/choices/0/finish_reason").asText()).isEqualTo(stop.isEmpty() ? "length" : "stop");
            JsonNode usage = chunks.getLast();
            assertThat(usage.get("choices")).isEmpty();
            assertThat(usage.get("usage")).isEqualTo(whole.get("usage"));
        }
    }

    @Test
    void streamedEchoStartsWithThePrompt() throws Exception {
        Map<String, Object> req = Map.of("prompt", "Once upon a time", "max_tokens", 5, "temperature", 0, "echo", true, "stream", true);
        List<JsonNode> chunks = chunks(server.post("/v1/completions", TinyServer.json(req)));
        assertThat(chunks.getFirst().at("/choices/0/text").asText()).isEqualTo("Once upon a time");
        StringBuilder text = new StringBuilder();
        for (JsonNode c : chunks) text.append(c.at("/choices/0/text").asText());
        JsonNode whole = server.post("/v1/completions", TinyServer.json(with(req, "stream", false))).json();
        assertThat(text.toString()).isEqualTo(whole.at("/choices/0/text").asText());
    }

    @Test
    void chatStreamStartsWithTheAssistantRoleAndAddsUpToTheMessage() throws Exception {
        for (String model : List.of("tiny-llama", "lora")) {
            Map<String, Object> req = Map.of("model", model, "max_tokens", 16, "temperature", 0,
                    "messages", List.of(Map.of("role", "system", "content", "Be brief."), Map.of("role", "user", "content", "What is LoRA?")));
            JsonNode whole = server.post("/v1/chat/completions", TinyServer.json(req)).json();
            assertThat(whole.get("object").asText()).isEqualTo("chat.completion");
            assertThat(whole.at("/choices/0/message/role").asText()).isEqualTo("assistant");
            List<JsonNode> chunks = chunks(server.post("/v1/chat/completions", TinyServer.json(with(req, "stream", true))));
            assertThat(chunks.getFirst().at("/choices/0/delta/role").asText()).isEqualTo("assistant");
            StringBuilder text = new StringBuilder();
            for (JsonNode c : chunks) {
                assertThat(c.get("object").asText()).isEqualTo("chat.completion.chunk");
                assertThat(c.get("id").asText()).startsWith("chatcmpl-");
                assertThat(c.get("model").asText()).isEqualTo(model);
                text.append(c.at("/choices/0/delta/content").asText(""));
            }
            assertThat(text.toString()).isEqualTo(whole.at("/choices/0/message/content").asText()).isNotEmpty();
            assertThat(chunks.getLast().at("/choices/0/finish_reason").asText()).isEqualTo("length");
            assertThat(chunks.getLast().at("/choices/0/delta").isEmpty()).isTrue();
        }
    }
}
