package io.hone.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Clients that send part of a request and wait (slowloris) cost only their own connections: the server keeps
 * answering everyone else at once, and closes theirs when the request timeout passes. Bounded in time: every request
 * here has a timeout, so a frozen server fails the test instead of hanging it.
 */
class SlowClientsTest {
    static TinyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TinyServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void halfSentRequestsNeitherFreezeTheServerNorStayOpen() throws Exception {
        URI url = URI.create(server.url());
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                Socket s = new Socket(url.getHost(), url.getPort());
                String partial = i % 2 == 0 ? "GET /hea" // half a request line
                        : "POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"prompt\""; // a tenth of the body
                s.getOutputStream().write(partial.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                slow.add(s);
            }
            Thread.sleep(300); // let the server take them all
            long t0 = System.nanoTime();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(url.resolve("/health")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> completion = http.send(HttpRequest.newBuilder(url.resolve("/v1/completions")).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"Hi\", \"max_tokens\": 2, \"temperature\": 0}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(completion.statusCode()).as(completion.body()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));

            // each slow connection is closed by the server once the request timeout has passed
            long limitMillis = (HoneServer.requestTimeoutSeconds() + 3) * 1000L;
            assertThat(HoneServer.requestTimeoutSeconds()).isEqualTo(HoneServer.DEFAULT_REQUEST_TIMEOUT_SECONDS);
            long deadline = System.currentTimeMillis() + limitMillis;
            for (Socket s : slow) {
                s.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
                assertClosedByServer(s.getInputStream());
            }
        } finally {
            for (Socket s : slow) s.close();
        }
    }

    /** Reads until the server ends the connection; a read that times out means it never did. */
    private static void assertClosedByServer(InputStream in) {
        try {
            while (in.read() >= 0) {
                // whatever the server answers (it may send nothing): only the end matters
            }
        } catch (SocketTimeoutException e) {
            fail("the server kept a half-sent request open past " + HoneServer.requestTimeoutSeconds() + " s + 3 s");
        } catch (IOException closed) {
            // reset by the server: closed too
        }
    }
}
