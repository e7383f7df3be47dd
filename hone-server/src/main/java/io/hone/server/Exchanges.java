package io.hone.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reading request bodies under a size cap and writing JSON responses. */
final class Exchanges {
    /** How much of an oversized body is read and dropped, so the client is not cut off mid-upload before the 413. */
    private static final long DRAIN_LIMIT = 64L << 20;

    private Exchanges() {}

    /** The whole body, or a 413 when it is longer than {@code maxBytes}. */
    static byte[] body(HttpExchange ex, int maxBytes) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        InputStream in = ex.getRequestBody();
        if (length != null) {
            long n;
            try {
                n = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                throw ApiError.invalid(null, "bad Content-Length header");
            }
            if (n > maxBytes) {
                drain(in);
                throw ApiError.tooLarge(maxBytes);
            }
        }
        var buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        for (int r; (r = in.read(chunk)) > 0; ) {
            if (buf.size() + r > maxBytes) {
                drain(in);
                throw ApiError.tooLarge(maxBytes);
            }
            buf.write(chunk, 0, r);
        }
        return buf.toByteArray();
    }

    private static void drain(InputStream in) throws IOException {
        byte[] skip = new byte[65536];
        long total = 0;
        for (int r; total < DRAIN_LIMIT && (r = in.read(skip)) > 0; ) total += r;
    }

    static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void sendError(HttpExchange ex, ApiError e) throws IOException {
        if (e.retryAfter != null) ex.getResponseHeaders().set("Retry-After", String.valueOf(e.retryAfter));
        send(ex, e.status, e.body());
    }
}
