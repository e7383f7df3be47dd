package io.hone.core.chat;

/**
 * What Python would raise (ValueError, TypeError) when a template misuses a builtin, e.g. {@code 'a'.split('')}.
 * Not an {@link IllegalArgumentException}: Jinjava's resolver swallows those into "method not found".
 */
final class PyError extends RuntimeException {
    PyError(String message) {
        super(message);
    }
}
