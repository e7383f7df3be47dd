package io.hone.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "hone", mixinStandardHelpOptions = true, version = "hone 0.1.0",
        description = "Make an open LLM better at your task: fine-tuning, RAG, prompt optimization, evaluation.",
        subcommands = {BenchCommand.class})
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
