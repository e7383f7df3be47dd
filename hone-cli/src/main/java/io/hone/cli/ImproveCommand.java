package io.hone.cli;

import io.hone.improve.Improve;
import io.hone.core.HoneException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "improve", mixinStandardHelpOptions = true,
        description = "Try every lever on one task and score them all on the same held-out test split: baseline, prompt "
                + "optimization, RAG (--docs), LoRA, QLoRA (NF4 base) and combinations (prompt-opt+rag, rag+lora, rag+qlora, "
                + "prompt-opt+rag+lora). Prints a leaderboard with 95%% bootstrap CIs, writes "
                + "leaderboard.json and report.html, saves the best configuration under OUT/best/ and prints the hone eval "
                + "command that reproduces its score.")
public final class ImproveCommand implements Callable<Integer> {
    @Option(names = "--task", required = true, description = "Task JSONL ({\"input\", \"target\"}, + \"choices\" for multiple choice) or MMLU CSV; exact match (SQuAD normalisation), multiple choice by log-likelihood accuracy.")
    Path task;
    @Option(names = "--model", required = true, description = "Model folder (Hugging Face layout) or Hub id owner/name[@revision].")
    Path model;
    @Option(names = "--docs", description = "Documents for RAG (folder or file; .md .txt .html .pdf .jsonl), indexed with BM25.")
    Path docs;
    @Option(names = "--budget", defaultValue = "full", description = "small or full (default ${DEFAULT-VALUE}): search candidates/calls and LoRA steps.")
    String budget;
    @Option(names = "--seed", defaultValue = "0", description = "Seed of the split, searches, fine-tuning and bootstrap (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;
    @Option(names = "--rag-k", defaultValue = "3", description = "Chunks retrieved into each prompt (default ${DEFAULT-VALUE}).")
    int ragK;
    @Option(names = "--k", defaultValue = "3", description = "Few-shot demos per prompt for prompt optimization (default ${DEFAULT-VALUE}).")
    int k;
    @Option(names = "--lora-steps", defaultValue = "0", description = "LoRA and QLoRA optimizer steps (default: 300, small budget 4).")
    int loraSteps;
    @Option(names = "--max-new-tokens", defaultValue = "32", description = "Answer length limit (default ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Override
    public Integer call() {
        boolean small = switch (budget) {
            case "small" -> true;
            case "full" -> false;
            default -> throw new HoneException("--budget must be small or full, got '" + budget + "'");
        };
        if (ragK < 1 || k < 1) throw new HoneException("--rag-k and --k must be >= 1");
        var s = new Improve.Settings(task, Hub.local(model, "--model"), docs, small, seed, out, ragK, k, maxNewTokens, 0.2, 0.3, loraSteps, 0);
        new Improve(s, new PrintStream(System.out, true, StandardCharsets.UTF_8), System.err).run();
        return 0;
    }
}
