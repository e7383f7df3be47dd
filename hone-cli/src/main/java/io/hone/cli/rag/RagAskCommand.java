package io.hone.cli.rag;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "ask", mixinStandardHelpOptions = true, description = "Answer a question from an index with a local model or an OpenAI-compatible endpoint.")
public final class RagAskCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new io.hone.core.HoneException("rag ask: not implemented yet");
    }
}
