package io.hone.core.openai;

import com.sun.net.httpserver.HttpServer;
import io.hone.core.HoneException;
import io.hone.core.io.JsonFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared OpenAI-compatible transport against a real HTTP server on 127.0.0.1 that answers from a script. */
class OpenAiHttpTest {
    record Reply(int status, String body) {}

    final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    final List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer server;
    String root;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                seen.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " " + ex.getRequestHeaders().getFirst("Authorization") + " " + body);
                Reply r = script.poll();
                byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
                if (out.length > 0) try (OutputStream o = ex.getResponseBody()) { o.write(out); }
            }
        });
        server.start();
        root = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    OpenAiHttp client(String key) {
        return new OpenAiHttp(root + "/v1/", key, Duration.ofSeconds(10), 1);
    }

    @Test
    void postsJsonWithTheKeyAndRetriesOverloadAndServerErrors() {
        script.add(new Reply(503, "busy"));
        script.add(new Reply(429, "slow down"));
        script.add(new Reply(200, "{\"ok\": 1}"));
        var body = JsonFile.MAPPER.createObjectNode().put("model", "m");
        assertThat(client("sk-1").post("/v1/chat/completions", body).path("ok").asInt()).isEqualTo(1);
        assertThat(seen).hasSize(3).allMatch(s -> s.equals("POST /v1/chat/completions Bearer sk-1 {\"model\":\"m\"}"));
    }

    @Test
    void givesUpAfterThreeRetriesAndNeverRetriesAClientError() {
        for (int i = 0; i < 4; i++) script.add(new Reply(502, "bad gateway"));
        assertThatThrownBy(() -> client(null).post("/v1/completions", JsonFile.MAPPER.createObjectNode()))
                .isInstanceOf(HoneException.class).hasMessage(root + "/v1/completions: HTTP 502: bad gateway");
        assertThat(seen).hasSize(4).allMatch(s -> s.contains(" null "));
        seen.clear();
        script.add(new Reply(401, "x".repeat(400)));
        assertThatThrownBy(() -> client(" ").post("/v1/completions", JsonFile.MAPPER.createObjectNode()))
                .hasMessage(root + "/v1/completions: HTTP 401: " + "x".repeat(300) + "...");
        assertThat(seen).hasSize(1);
        script.add(new Reply(400, ""));
        assertThatThrownBy(() -> client(null).post("/v1/completions", JsonFile.MAPPER.createObjectNode()))
                .hasMessage(root + "/v1/completions: HTTP 400");
        script.add(new Reply(200, "<html>"));
        assertThatThrownBy(() -> client(null).post("/v1/completions", JsonFile.MAPPER.createObjectNode()))
                .hasMessage(root + "/v1/completions: unexpected response: not JSON");
    }

    @Test
    void unreachableAndMalformedEndpoints() {
        server.stop(0);
        assertThatThrownBy(() -> client(null).post("/v1/completions", JsonFile.MAPPER.createObjectNode()))
                .hasMessageStartingWith(root + "/v1/completions: cannot reach the endpoint");
        assertThatThrownBy(() -> new OpenAiHttp("localhost:8080", null, Duration.ofSeconds(1)))
                .hasMessage("endpoint 'localhost:8080': expected an http:// or https:// URL");
        assertThatThrownBy(() -> OpenAiHttp.base("ftp://h/v1")).hasMessageContaining("expected an http:// or https:// URL");
    }

    @Test
    void baseAcceptsTheRootV1OrAFullEndpointUrl() {
        assertThat(OpenAiHttp.base("http://127.0.0.1:8000")).isEqualTo("http://127.0.0.1:8000");
        assertThat(OpenAiHttp.base(" http://h/v1/ ")).isEqualTo("http://h");
        assertThat(OpenAiHttp.base("https://h/v1/chat/completions")).isEqualTo("https://h");
        assertThat(OpenAiHttp.base("https://h/proxy/v1/completions")).isEqualTo("https://h/proxy");
    }
}
