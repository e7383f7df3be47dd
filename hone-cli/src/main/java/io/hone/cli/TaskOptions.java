package io.hone.cli;

import io.hone.core.HoneException;
import io.hone.core.generate.SamplingConfig;
import io.hone.eval.metric.Metric;
import io.hone.eval.metric.Metrics;
import io.hone.eval.prompt.PromptProgram;
import io.hone.eval.task.Task;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** The task file, how it is scored, and the generation settings. */
final class TaskOptions {
    @Option(names = "--task", required = true, description = "Task JSONL: {\"input\", \"target\"} per line (+ \"choices\" for multiple choice).")
    Path task;
    @Option(names = "--input-field", defaultValue = "input", description = "Field holding the input (default ${DEFAULT-VALUE}; GSM8K: question).")
    String inputField;
    @Option(names = "--target-field", defaultValue = "target", description = "Field holding the target (default ${DEFAULT-VALUE}; GSM8K: answer).")
    String targetField;
    @Option(names = "--metric", description = "em, contains, regex, f1, mc or ppl (default: mc when the task has choices, else em).")
    String metric;
    @Option(names = "--normalize", defaultValue = "squad", description = "em/contains/f1 normalisation: squad, none, or case,punctuation,articles,whitespace (default ${DEFAULT-VALUE}).")
    String normalize;
    @Option(names = "--extract", defaultValue = "flexible", description = "regex answer extraction: flexible (last number), strict (#### N) or a regex (default ${DEFAULT-VALUE}).")
    String extract;
    @Option(names = "--limit", defaultValue = "0", description = "Use only the first N examples (0 = all).")
    int limit;
    @Option(names = "--chat", description = "Zero-shot prompt in chat mode (the model's chat template / chat endpoint).")
    boolean chat;
    @Option(names = "--max-new-tokens", defaultValue = "64", description = "Maximum new tokens per answer (default ${DEFAULT-VALUE}).")
    int maxNewTokens;
    @Option(names = "--seed", defaultValue = "0", description = "Seed for splits, search and bootstrap (default ${DEFAULT-VALUE}).")
    long seed;

    Task load() {
        Task t = Task.load(task, inputField, targetField, !"ppl".equals(metric)); // perplexity may score inputs alone
        return t.limit(limit);
    }

    Metric metric(Task t) {
        String name = metric != null ? metric : t.examples().getFirst().isMultipleChoice() ? "mc" : "em";
        return Metrics.of(name, normalize, extract);
    }

    PromptProgram zeroShot() {
        return PromptProgram.zeroShot(chat ? PromptProgram.Mode.CHAT : PromptProgram.Mode.COMPLETION);
    }

    SamplingConfig sampling() {
        if (maxNewTokens < 1) throw new HoneException("--max-new-tokens must be >= 1");
        return SamplingConfig.greedy(maxNewTokens).withSeed(seed);
    }
}
