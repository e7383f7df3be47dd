package io.hone.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bad request gets its status and an OpenAI error object naming the field, and the server keeps answering. */
class ErrorsTest {
    static TinyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TinyServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The error object of a response with this status; {@code param} as OpenAI names the field (null: none). */
    private static JsonNode error(TinyServer.Response r, int status, String param) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode e = r.json().get("error");
        assertThat(e).as(r.body()).isNotNull();
        assertThat(e.get("message").asText()).isNotBlank();
        assertThat(e.get("type").asText()).isNotBlank();
        assertThat(e.has("code")).isTrue();
        if (param == null) assertThat(e.get("param").isNull()).as(r.body()).isTrue();
        else assertThat(e.get("param").asText()).as(r.body()).isEqualTo(param);
        stillAnswers();
        return e;
    }

    private static void stillAnswers() {
        var ok = server.post("/v1/completions", "{\"prompt\": \"Hi\", \"max_tokens\": 2, \"temperature\": 0}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    }

    private static TinyServer.Response completions(String body) {
        return server.post("/v1/completions", body);
    }

    private static TinyServer.Response chat(String body) {
        return server.post("/v1/chat/completions", body);
    }

    @Test
    void malformedOrNonObjectJson() {
        assertThat(error(completions("{\"prompt\": \"x\", "), 400, null).get("message").asText()).contains("not valid JSON");
        assertThat(error(chat("[1, 2]"), 400, null).get("message").asText()).contains("JSON object");
        error(completions(""), 400, null);
    }

    @Test
    void trailingDataAfterTheJsonObject() {
        assertThat(error(completions("{\"prompt\":\"a\",\"max_tokens\":1} xyz"), 400, null).get("message").asText()).contains("not valid JSON");
        error(completions("{\"prompt\":\"a\",\"max_tokens\":1} {}"), 400, null);
        error(chat("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}]"), 400, null);
        var ok = completions("{\"prompt\":\"a\",\"max_tokens\":1} \n\t ");
        assertThat(ok.status()).as("trailing whitespace is fine").isEqualTo(200);
    }

    @Test
    void missingOrInvalidCompletionFields() {
        assertThat(error(completions("{\"max_tokens\": 3}"), 400, "prompt").get("message").asText()).contains("'prompt' is required");
        assertThat(error(completions("{\"prompt\": [\"a\", \"b\"]}"), 400, "prompt").get("code").asText()).isEqualTo("unsupported_parameter");
        error(completions("{\"prompt\": \"x\", \"temperature\": -0.5}"), 400, "temperature");
        error(completions("{\"prompt\": \"x\", \"temperature\": \"hot\"}"), 400, "temperature");
        error(completions("{\"prompt\": \"x\", \"top_p\": 0}"), 400, "top_p");
        error(completions("{\"prompt\": \"x\", \"top_k\": -2}"), 400, "top_k");
        error(completions("{\"prompt\": \"x\", \"repetition_penalty\": 0}"), 400, "repetition_penalty");
        error(completions("{\"prompt\": \"x\", \"max_tokens\": -1}"), 400, "max_tokens");
        error(completions("{\"prompt\": \"x\", \"max_tokens\": 2.5}"), 400, "max_tokens");
        error(completions("{\"prompt\": \"x\", \"logprobs\": 6}"), 400, "logprobs");
        error(completions("{\"prompt\": \"x\", \"logprobs\": true}"), 400, "logprobs");
        error(completions("{\"prompt\": \"x\", \"logprobs\": 1, \"stream\": true}"), 400, "logprobs");
        error(completions("{\"prompt\": \"x\", \"stop\": 5}"), 400, "stop");
        error(completions("{\"prompt\": \"x\", \"stop\": [\"a\", 1]}"), 400, "stop");
        error(completions("{\"prompt\": \"x\", \"echo\": \"yes\"}"), 400, "echo");
        error(completions("{\"prompt\": \"x\", \"seed\": \"1\"}"), 400, "seed");
        error(completions("{\"prompt\": \"x\", \"stream\": 1}"), 400, "stream");
        error(completions("{\"prompt\": \"x\", \"model\": 7}"), 400, "model");
        assertThat(error(completions("{\"prompt\": \"x\", \"n\": 2}"), 400, "n").get("message").asText()).contains("not supported");
        error(completions("{\"prompt\": \"x\", \"presence_penalty\": 0.5}"), 400, "presence_penalty");
        error(completions("{\"prompt\": \"x\", \"logit_bias\": {\"50\": 2}}"), 400, "logit_bias");
        error(completions("{\"prompt\": \"x\", \"suffix\": \"end\"}"), 400, "suffix");
        // the "off" values of the same fields are accepted, as are fields hone serve ignores
        var ok = completions("{\"prompt\": \"x\", \"max_tokens\": 1, \"n\": 1, \"presence_penalty\": 0, \"logit_bias\": {}, \"user\": \"u\"}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    }

    @Test
    void promptLongerThanTheContext() {
        String words = String.join(" ", java.util.Collections.nCopies(300, "word"));
        JsonNode e = error(completions(TinyServer.json(Map.of("prompt", words))), 400, "prompt");
        assertThat(e.get("code").asText()).isEqualTo("context_length_exceeded");
        assertThat(e.get("message").asText()).contains("301 tokens").contains("256");
    }

    @Test
    void invalidChatMessages() {
        error(chat("{\"max_tokens\": 3}"), 400, "messages");
        assertThat(error(chat("{\"messages\": \"hi\"}"), 400, "messages").get("message").asText()).contains("must be a list");
        error(chat("{\"messages\": []}"), 400, "messages");
        error(chat("{\"messages\": [\"hi\"]}"), 400, "messages[0]");
        assertThat(error(chat("{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"wizard\", \"content\": \"b\"}]}"), 400,
                "messages[1].role").get("message").asText()).contains("'wizard'");
        error(chat("{\"messages\": [{\"content\": \"a\"}]}"), 400, "messages[0].role");
        error(chat("{\"messages\": [{\"role\": \"user\"}]}"), 400, "messages[0].content");
        error(chat("{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"image_url\", \"image_url\": {}}]}]}"), 400, "messages[0].content");
        // the chat template itself refuses roles that do not alternate
        assertThat(error(chat(TinyServer.json(Map.of("messages", List.of(Map.of("role", "user", "content", "a"), Map.of("role", "user", "content", "b"))))),
                400, "messages").get("message").asText()).contains("alternate");
        error(chat("{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}], \"max_tokens\": 0}"), 400, "max_tokens");
        error(chat("{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}], \"logprobs\": true}"), 400, "logprobs");
        error(chat("{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}], \"tools\": [{\"type\": \"function\"}]}"), 400, "tools");
        // text parts are joined
        var ok = chat("{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"a\"}]}], \"max_tokens\": 1}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    }

    @Test
    void unknownModelIs404ModelNotFound() {
        JsonNode e = error(completions("{\"prompt\": \"x\", \"model\": \"gpt-4\"}"), 404, "model");
        assertThat(e.get("code").asText()).isEqualTo("model_not_found");
        assertThat(e.get("message").asText()).contains("gpt-4").contains("tiny-llama, lora");
        error(chat("{\"model\": \"nope\", \"messages\": [{\"role\": \"user\", \"content\": \"a\"}]}"), 404, "model");
        error(server.get("/v1/models/nope"), 404, "model");
    }

    @Test
    void wrongMethodIs405AndUnknownPathIs404() {
        TinyServer.Response get = server.get("/v1/completions");
        assertThat(error(get, 405, null).get("code").asText()).isEqualTo("method_not_allowed");
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        error(server.send(server.url(), "DELETE", "/v1/chat/completions", null, null), 405, null);
        error(server.post("/v1/models", "{}"), 405, null);
        error(server.post("/health", "{}"), 405, null);
        assertThat(error(server.get("/v1/embeddings"), 404, null).get("code").asText()).isEqualTo("unknown_url");
        error(server.get("/"), 404, null);
    }

    @Test
    void bodyOverTheCapIs413() throws Exception {
        try (HoneServer small = server.another(new HoneServer.Options("127.0.0.1", 0, null, 1024))) {
            String big = TinyServer.json(Map.of("prompt", "x".repeat(5000)));
            TinyServer.Response r = server.send(small.url(), "POST", "/v1/completions", big, null);
            assertThat(r.status()).as(r.body()).isEqualTo(413);
            assertThat(r.json().at("/error/code").asText()).isEqualTo("request_too_large");
            TinyServer.Response ok = server.send(small.url(), "POST", "/v1/completions", "{\"prompt\": \"Hi\", \"max_tokens\": 1}", null);
            assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        }
    }

    @Test
    void aClientLeavingMidStreamDoesNotStopTheServer() throws Exception {
        var url = java.net.URI.create(server.url());
        byte[] body = "{\"prompt\": \"Once upon a time\", \"max_tokens\": 200, \"temperature\": 0, \"stream\": true}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (var socket = new java.net.Socket(url.getHost(), url.getPort())) {
            var out = socket.getOutputStream();
            out.write(("POST /v1/completions HTTP/1.1\r\nHost: " + url.getAuthority() + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            var in = socket.getInputStream();
            var seen = new StringBuilder();
            for (int c; !seen.toString().contains("data: ") && (c = in.read()) >= 0; ) seen.append((char) c);
            assertThat(seen.toString()).startsWith("HTTP/1.1 200").contains("data: ");
        } // gone after the first event
        stillAnswers();
    }

    @Test
    void apiKeyIsRequiredOnV1WhenSet() throws Exception {
        try (HoneServer locked = server.another(HoneServer.Options.local(0, "sk-secret"))) {
            String body = "{\"prompt\": \"Hi\", \"max_tokens\": 1}";
            TinyServer.Response missing = server.send(locked.url(), "POST", "/v1/completions", body, null);
            assertThat(missing.status()).isEqualTo(401);
            assertThat(missing.json().at("/error/code").asText()).isEqualTo("invalid_api_key");
            assertThat(server.send(locked.url(), "POST", "/v1/completions", body, "sk-wrong").status()).isEqualTo(401);
            assertThat(server.send(locked.url(), "GET", "/v1/models", null, "sk-secre").status()).isEqualTo(401);
            assertThat(server.send(locked.url(), "GET", "/v1/models", null, null).status()).isEqualTo(401);
            assertThat(server.send(locked.url(), "POST", "/v1/completions", body, "sk-secret").status()).isEqualTo(200);
            assertThat(server.send(locked.url(), "GET", "/health", null, null).status()).as("health needs no key").isEqualTo(200);
        }
        for (String blank : List.of("", " \t")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> HoneServer.Options.local(0, blank))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiKey must not be blank");
        }
    }
}
