package io.hone.core;

/**
 * An error the user can act on: bad input file, missing field, unsupported architecture.
 * The message is one line naming the file/field and what was expected; the CLI prints it without a trace.
 */
public class HoneException extends RuntimeException {
    public HoneException(String message) {
        super(message);
    }

    public HoneException(String message, Throwable cause) {
        super(message, cause);
    }
}
