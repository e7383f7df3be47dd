package io.hone.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "hone", mixinStandardHelpOptions = true, version = "hone 0.1.0",
        description = "Make an open LLM better at your task: fine-tuning, RAG, prompt optimization, evaluation.",
        subcommands = {GenerateCommand.class, TokenizeCommand.class, ParityCommand.class, InitModelCommand.class,
                BenchCommand.class, MergeCommand.class, FinetuneCommand.class, QuantizeCommand.class,
                io.hone.cli.rag.RagCommand.class, EvalCommand.class, OptimizePromptCommand.class,
                ImproveCommand.class, QuickstartCommand.class, DownloadCommand.class, ServeCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        // DJL's slf4j-api finds no logging backend; keep its "no providers" notice off the CLI's stderr
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        // Lucene announces at INFO (java.util.logging) that it uses the Vector API; hone's output is not the place
        LUCENE_LOG.setLevel(java.util.logging.Level.WARNING);
        System.exit(run(args));
    }

    /** Held so the level set in main is not lost when the logger would otherwise be garbage-collected. */
    private static final java.util.logging.Logger LUCENE_LOG = java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");

    public static int run(String... args) {
        return new CommandLine(new Main()).setExecutionExceptionHandler(new HoneErrors()).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
