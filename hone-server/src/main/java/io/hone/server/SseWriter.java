package io.hone.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Function;

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
     * Sends a job's stream: {@code first} (chunks before any text), a chunk per piece of text as the compute thread
     * decodes it, {@code last} with the result, then {@code [DONE]}. A failure after the 200 went out (the request's
     * time ran out, the server stops, a bug) can only be told in the stream: an {@code error} event (as vLLM sends
     * it), then {@code [DONE]}. A client that is gone cancels the job: its row leaves the batch.
     */
    void stream(Job job, Runnable first, Function<String, JsonNode> piece, Consumer<Generation.Result> last) {
        try {
            first.run();
            while (true) {
                Job.Event e = job.next();
                if (e instanceof Job.Piece(String text)) send(piece.apply(text));
                else if (e instanceof Job.Done(Generation.Result r)) {
                    last.accept(r);
                    break;
                }
            }
        } catch (UncheckedIOException e) {
            job.cancel();
            throw e; // the client is gone: nothing more to write
        } catch (RuntimeException | Error e) {
            job.cancel();
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
