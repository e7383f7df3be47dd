package io.hone.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A {@code stream: true} response: Server-Sent Events, one {@code data: {json}} event per chunk, flushed at once, and
 * {@code data: [DONE]} at the end (OpenAI's framing). A client that goes away surfaces as an
 * {@link UncheckedIOException} from {@link #send}, which ends the generation feeding it.
 */
final class SseWriter {
    private final OutputStream out;

    SseWriter(HttpExchange ex) {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        try {
            ex.sendResponseHeaders(200, 0); // 0: chunked, length unknown
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.out = ex.getResponseBody();
    }

    /**
     * Runs the generation that sends the chunks, then {@code [DONE]}. A failure after the 200 went out can only be
     * told in the stream: an {@code error} event (as vLLM sends it), then {@code [DONE]}.
     */
    void stream(Runnable body) {
        try {
            body.run();
        } catch (UncheckedIOException e) {
            throw e; // the client is gone: nothing more to write
        } catch (RuntimeException | Error e) {
            ApiError error = e instanceof ApiError a ? a : ApiError.internal(String.valueOf(e.getMessage()));
            if (!(e instanceof ApiError)) Routes.log("stream failed", e);
            send(error.body());
        }
        done();
    }

    void send(JsonNode chunk) {
        write("data: " + chunk + "\n\n");
    }

    void done() {
        write("data: [DONE]\n\n");
    }

    private void write(String event) {
        try {
            out.write(event.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
