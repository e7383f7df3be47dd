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
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new Main()).setExecutionExceptionHandler(new HoneErrors()).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
