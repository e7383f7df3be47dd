package io.hone.cli;

import io.hone.core.HoneException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Every command's user-facing errors: {@code hone: <message>} on stderr, exit code 2, no stack trace. */
final class HoneErrors implements IExecutionExceptionHandler {
    static final int EXIT_CODE = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) throws Exception {
        if (ex instanceof HoneException) {
            cmd.getErr().println("hone: " + ex.getMessage());
            cmd.getErr().flush();
            return EXIT_CODE;
        }
        throw ex;
    }
}
