package io.hone.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bounded queue (429 with Retry-After) and per-request timeouts (504, or an error event when streaming). */
class LimitsTest {
    private static final String SHORT = "{\"prompt\": \"Hi\", \"max_tokens\": 3, \"temperature\": 0}";

    @Test
    void fullQueueAnswers429WithRetryAfterAndTheQueuedRequestsStillComplete() throws Exception {
        try (var server = TinyServer.start(TinyServer.BASE, Map.of(), new ServeLimits(16, 2, Duration.ZERO))) {
            TinyServer.Response refused;
            List<java.util.concurrent.Future<TinyServer.Response>> queued;
            try (AutoCloseable held = server.holdCompute()) {
                queued = List.of(server.postAsync("/v1/completions", SHORT), server.postAsync("/v1/chat/completions",
                        "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"max_tokens\": 3, \"stream\": true}"));
                server.awaitWaiting(2);
                refused = server.post("/v1/completions", SHORT);
                var refusedStream = server.post("/v1/completions", "{\"prompt\": \"Hi\", \"stream\": true}");
                assertThat(refusedStream.status()).isEqualTo(429); // refused before any event: a plain error response
            }
            assertThat(refused.status()).as(refused.body()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            JsonNode e = refused.json().get("error");
            assertThat(e.get("code").asText()).isEqualTo("rate_limit_exceeded");
            assertThat(e.get("type").asText()).isEqualTo("requests");
            assertThat(e.get("message").asText()).contains("--max-queue");
            for (var f : queued) assertThat(f.get().status()).as(f.get().body()).isEqualTo(200);
            assertThat(queued.get(1).get().events().getLast()).isEqualTo("[DONE]");
            assertThat(server.post("/v1/completions", SHORT).status()).isEqualTo(200);
        }
    }

    @Test
    void timedOutRequestsEndAndTheOthersGoOn() throws Exception {
        try (var server = TinyServer.start(TinyServer.BASE, Map.of(), new ServeLimits(16, 8, Duration.ofSeconds(1)))) {
            TinyServer.Response plain, streamed;
            try (AutoCloseable held = server.holdCompute()) {
                var p = server.postAsync("/v1/completions", SHORT);
                var s = server.postAsync("/v1/completions", "{\"prompt\": \"Hi\", \"max_tokens\": 3, \"stream\": true, \"echo\": true}");
                plain = p.get(); // both wait in the queue past their second
                streamed = s.get();
                assertThat(server.models.scheduler().waiting()).isZero(); // they left the queue
            }
            assertThat(plain.status()).as(plain.body()).isEqualTo(504);
            JsonNode e = plain.json().get("error");
            assertThat(e.get("code").asText()).isEqualTo("timeout");
            assertThat(e.get("message").asText()).contains("--request-timeout");

            assertThat(streamed.status()).isEqualTo(200);
            List<String> events = streamed.events();
            assertThat(events.getFirst()).contains("\"text\":\"Hi\""); // the echo went out before the time ran out
            assertThat(TinyServer.JSON.readTree(events.get(events.size() - 2)).get("error").get("code").asText()).isEqualTo("timeout");
            assertThat(events.getLast()).isEqualTo("[DONE]");

            var ok = server.post("/v1/completions", SHORT);
            assertThat(ok.status()).as(ok.body()).isEqualTo(200);
            assertThat(server.models.scheduler().running()).isZero();
        }
    }
}
