package io.hone.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.hone.core.io.JsonFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Every request: the API key (on {@code /v1/...}), the route and its method, the size-capped JSON body, then the
 * endpoint. Whatever goes wrong becomes an OpenAI-style error response; nothing a client sends stops the server.
 */
final class Routes implements HttpHandler {
    private final ServedModels models;
    private final byte[] apiKey;
    private final int maxBodyBytes;
    private final CompletionsHandler completions;
    private final ChatHandler chat;

    Routes(ServedModels models, String apiKey, int maxBodyBytes) {
        this.models = models;
        this.apiKey = apiKey == null ? null : apiKey.getBytes(StandardCharsets.UTF_8);
        this.maxBodyBytes = maxBodyBytes;
        this.completions = new CompletionsHandler(models);
        this.chat = new ChatHandler(models);
    }

    @Override
    public void handle(HttpExchange ex) {
        try (ex) {
            try {
                route(ex);
            } catch (ApiError e) {
                if (ex.getResponseCode() == -1) Exchanges.sendError(ex, e);
            } catch (UncheckedIOException e) {
                // the client went away mid-response: nothing to answer
            } catch (RuntimeException | Error e) { // an Error too (OutOfMemoryError on a huge request): answer 500, keep serving
                log(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " failed", e);
                if (ex.getResponseCode() == -1) Exchanges.sendError(ex, ApiError.internal(String.valueOf(e.getMessage())));
            }
        } catch (IOException e) {
            // writing the response failed: the client went away
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath(), method = ex.getRequestMethod();
        if (path.startsWith("/v1/")) authorize(ex);
        switch (path) {
            case "/health" -> {
                allow(ex, "GET");
                Exchanges.send(ex, 200, JsonFile.MAPPER.createObjectNode().put("status", "ok"));
            }
            case "/v1/models" -> {
                allow(ex, "GET");
                ObjectNode list = JsonFile.MAPPER.createObjectNode().put("object", "list");
                var data = list.putArray("data");
                for (var s : models.all()) data.add(model(s));
                Exchanges.send(ex, 200, list);
            }
            case "/v1/completions" -> {
                allow(ex, "POST");
                completions.handle(ex, Fields.parse(Exchanges.body(ex, maxBodyBytes)));
            }
            case "/v1/chat/completions" -> {
                allow(ex, "POST");
                chat.handle(ex, Fields.parse(Exchanges.body(ex, maxBodyBytes)));
            }
            default -> {
                if (!path.startsWith("/v1/models/")) throw ApiError.unknownUrl(method, path);
                allow(ex, "GET");
                Exchanges.send(ex, 200, model(models.lookup(path.substring("/v1/models/".length()))));
            }
        }
    }

    /** OpenAI's model object, with vLLM's additions (root, parent, max_model_len). */
    private ObjectNode model(ServedModels.Served s) {
        ObjectNode m = JsonFile.MAPPER.createObjectNode().put("id", s.name()).put("object", "model").put("created", models.created())
                .put("owned_by", "hone").put("root", s.root().toString());
        m.put("parent", s.parent());
        return m.put("max_model_len", models.maxPositions());
    }

    private static void allow(HttpExchange ex, String method) {
        if (!ex.getRequestMethod().equals(method)) {
            ex.getResponseHeaders().set("Allow", method);
            throw ApiError.methodNotAllowed(ex.getRequestMethod(), ex.getRequestURI().getPath(), method);
        }
    }

    private void authorize(HttpExchange ex) {
        if (apiKey == null) return;
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) throw ApiError.unauthorized(auth != null);
        // constant time, so the key cannot be guessed byte by byte from response times
        if (!MessageDigest.isEqual(apiKey, auth.substring(7).strip().getBytes(StandardCharsets.UTF_8))) throw ApiError.unauthorized(true);
    }

    static void log(String what, Throwable e) {
        System.err.println("hone serve: " + what + ": " + e);
        e.printStackTrace(System.err);
    }
}
