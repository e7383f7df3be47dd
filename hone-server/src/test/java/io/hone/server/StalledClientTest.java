package io.hone.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A streaming client that stops reading holds only its own connection thread: the compute thread hands it pieces
 * through the request's queue and goes on with the others. Every chunk carries the model name, so a name of 32 KB
 * makes the stream (~200 chunks, ~6 MB) far larger than what loopback sockets buffer (1.6 MB measured with a 1 KB
 * receive buffer), and a writer feeding it directly would block. With the compute thread made to wait for the
 * connection thread's writes, the second request never completes (tried: the test then hangs, hence the timeout).
 */
class StalledClientTest {
    @Test
    @Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES) // a hang is the failure, not a slow machine
    void aClientThatStopsReadingDoesNotHoldUpOthers() throws Exception {
        String name = "m".repeat(32 * 1024);
        try (var server = TinyServer.start(name, Map.of(), ServeLimits.DEFAULTS); var stalled = new Socket()) {
            String body = TinyServer.json(Map.of("prompt", "Hi", "max_tokens", 200, "temperature", 0, "ignore_eos", true, "stream", true));
            stalled.setReceiveBufferSize(1024);
            stalled.connect(new InetSocketAddress("127.0.0.1", server.server.port()));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            stalled.getOutputStream().write(("POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            stalled.getOutputStream().write(bytes);
            stalled.getOutputStream().flush();
            for (int i = 0; server.models.scheduler().largestBatch() == 0; i++) { // its job has joined the batch
                if (i > 60_000) throw new AssertionError("the stalled request never started");
                Thread.sleep(1);
            }

            var other = server.post("/v1/completions", "{\"prompt\": \"Hello\", \"max_tokens\": 200, \"temperature\": 0, \"ignore_eos\": true}");
            assertThat(other.status()).as(other.body()).isEqualTo(200);
            assertThat(other.json().get("usage").get("completion_tokens").asInt()).isEqualTo(200);

            // the stalled stream is intact: the same text as the non-streamed answer, then [DONE]
            String events = body(stalled.getInputStream());
            String expected = server.post("/v1/completions", "{\"prompt\": \"Hi\", \"max_tokens\": 200, \"temperature\": 0, \"ignore_eos\": true}")
                    .json().get("choices").get(0).get("text").asText();
            var text = new StringBuilder();
            int chunks = 0;
            for (String line : events.split("\n")) {
                if (!line.startsWith("data: {")) continue;
                text.append(TinyServer.JSON.readTree(line.substring(6)).get("choices").get(0).get("text").asText());
                chunks++;
            }
            assertThat(chunks).isGreaterThan(100);
            assertThat(text.toString()).isEqualTo(expected);
            assertThat(events).contains("data: [DONE]");
        }
    }

    /** The body of a chunked HTTP/1.1 response, read to its end. */
    private static String body(InputStream in) throws Exception {
        var all = new ByteArrayOutputStream();
        in.transferTo(all);
        byte[] raw = all.toByteArray();
        String head = new String(raw, StandardCharsets.ISO_8859_1);
        assertThat(head).startsWith("HTTP/1.1 200");
        int at = head.indexOf("\r\n\r\n") + 4;
        var body = new ByteArrayOutputStream();
        while (true) {
            int eol = head.indexOf("\r\n", at);
            int size = Integer.parseInt(head.substring(at, eol).strip(), 16);
            if (size == 0) break;
            body.write(raw, eol + 2, size);
            at = eol + 2 + size + 2;
        }
        return body.toString(StandardCharsets.UTF_8);
    }
}
