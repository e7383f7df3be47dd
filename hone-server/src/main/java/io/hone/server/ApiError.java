package io.hone.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hone.core.io.JsonFile;

import java.util.Collection;

/**
 * A request the server refuses, answered as OpenAI does: an HTTP status and
 * {@code {"error": {"message", "type", "param", "code"}}}. {@code param} names the offending request field.
 */
final class ApiError extends RuntimeException {
    static final String INVALID_REQUEST = "invalid_request_error";

    final int status;
    final String type;
    final String param;
    final String code;
    /** Seconds for a {@code Retry-After} header, or null. */
    final Integer retryAfter;

    ApiError(int status, String type, String message, String param, String code) {
        this(status, type, message, param, code, null);
    }

    private ApiError(int status, String type, String message, String param, String code, Integer retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** 400: a field is missing, has the wrong type or an out-of-range value. */
    static ApiError invalid(String param, String message) {
        return new ApiError(400, INVALID_REQUEST, message, param, "invalid_value");
    }

    /** 400: a field hone serve knows but does not implement, with a value that would change the result. */
    static ApiError unsupported(String param, String message) {
        return new ApiError(400, INVALID_REQUEST, message, param, "unsupported_parameter");
    }

    static ApiError contextLength(String param, String message) {
        return new ApiError(400, INVALID_REQUEST, message, param, "context_length_exceeded");
    }

    static ApiError modelNotFound(String name, Collection<String> served) {
        return new ApiError(404, INVALID_REQUEST, "The model `" + name + "` does not exist; served models: " + String.join(", ", served),
                "model", "model_not_found");
    }

    static ApiError unknownUrl(String method, String path) {
        return new ApiError(404, INVALID_REQUEST, "Unknown request URL: " + method + " " + path, null, "unknown_url");
    }

    static ApiError methodNotAllowed(String method, String path, String allowed) {
        return new ApiError(405, INVALID_REQUEST, method + " is not allowed on " + path + "; use " + allowed, null, "method_not_allowed");
    }

    static ApiError unauthorized(boolean given) {
        return new ApiError(401, INVALID_REQUEST, given ? "Incorrect API key provided" : "Missing API key: send Authorization: Bearer KEY",
                null, "invalid_api_key");
    }

    static ApiError tooLarge(long maxBytes) {
        return new ApiError(413, INVALID_REQUEST, "request body is larger than " + maxBytes + " bytes", null, "request_too_large");
    }

    static ApiError unavailable(String message) {
        return new ApiError(503, "server_error", message, null, "unavailable");
    }

    /** 429: the queue of requests waiting for the model is full; OpenAI's rate-limit shape, with Retry-After. */
    static ApiError queueFull(int maxQueue) {
        return new ApiError(429, "requests", "the server is busy: " + maxQueue + " requests are already waiting (--max-queue); retry later",
                null, "rate_limit_exceeded", 1);
    }

    /** 504: the request was still waiting or generating when its time (--request-timeout) ran out. */
    static ApiError timeout(java.time.Duration limit) {
        return new ApiError(504, "server_error", "the request did not finish within " + limit.toSeconds() + " s (--request-timeout)", null, "timeout");
    }

    static ApiError internal(String message) {
        return new ApiError(500, "server_error", message, null, "internal_error");
    }

    ObjectNode body() {
        ObjectNode root = JsonFile.MAPPER.createObjectNode();
        ObjectNode e = root.putObject("error").put("message", getMessage()).put("type", type);
        e.put("param", param);
        e.put("code", code);
        return root;
    }
}
