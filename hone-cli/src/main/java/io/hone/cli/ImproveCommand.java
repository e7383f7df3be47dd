package io.hone.cli;

import io.hone.cli.rag.BackendOptions;
import io.hone.core.HoneException;
import io.hone.improve.Improve;
import io.hone.improve.Settings;
import io.hone.improve.search.SearchBudget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "improve", mixinStandardHelpOptions = true,
        description = "Combine prompt optimization, retrieval and fine-tuning and apply them iteratively: round 0 scores the "
                + "baseline and each lever alone, each later round applies moves (reflected instructions, bootstrapped demos, "
                + "retrieval settings, LoRA/QLoRA on the current prompts, self-training, a hyperparameter race) to the "
                + "per-example Pareto frontier on dev. The test split is scored once, at the end. Writes rounds.jsonl, "
                + "leaderboard.json, report.html and best/ with the hone eval command that reproduces the best score.")
public final class ImproveCommand implements Callable<Integer> {
    @Option(names = "--task", required = true, description = "Task JSONL ({\"input\", \"target\"}, + \"choices\" for multiple choice) or MMLU CSV; exact match (SQuAD normalisation), multiple choice by log-likelihood accuracy.")
    Path task;
    @Option(names = "--model", required = true, description = "Model folder (Hugging Face layout) or Hub id owner/name[@revision].")
    Path model;
    @Option(names = "--docs", description = "Documents for retrieval (folder or file; .md .txt .html .pdf .jsonl). Indexed into the run folder, "
            + "or with --backend solr into collections --collection NAME_c<chunk tokens>[_bge-small] on that cluster.")
    Path docs;
    @Mixin
    BackendOptions backend;
    @Option(names = "--budget", defaultValue = "full", description = "small, full (30 min, 8 rounds) or a list such as 30m,5000calls,3000steps,6rounds (default ${DEFAULT-VALUE}).")
    String budget;
    @Option(names = "--seed", defaultValue = "0", description = "Seed of the split, moves, fine-tuning and bootstrap (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--out", description = "Output folder: new or empty (use --resume to continue a run).")
    Path out;
    @Option(names = "--resume", description = "Continue the interrupted run in this folder (same task, model and settings).")
    Path resume;
    @Option(names = "--rag-k", defaultValue = "3", description = "Chunks per prompt when retrieval is first turned on (default ${DEFAULT-VALUE}).")
    int ragK;
    @Option(names = "--chunk-tokens", defaultValue = "512", description = "Chunk size when retrieval is first turned on (default ${DEFAULT-VALUE}); the search moves among 32..512.")
    int chunkTokens;
    @Option(names = "--retrievers", defaultValue = "bm25,hybrid", description = "Retrievers the search may use, the first one first (default ${DEFAULT-VALUE}; dense/hybrid embed the docs with bge-small).")
    String retrievers;
    @Option(names = "--k", defaultValue = "3", description = "Few-shot demos per prompt (default ${DEFAULT-VALUE}).")
    int k;
    @Option(names = "--rank", defaultValue = "16", description = "LoRA rank of the first adapter (QLoRA: 4x) (default ${DEFAULT-VALUE}).")
    int rank;
    @Option(names = "--lr", defaultValue = "2e-4", description = "Learning rate of the first adapter (default ${DEFAULT-VALUE}).")
    double lr;
    @Option(names = "--lora-steps", defaultValue = "300", description = "Optimizer steps per adapter (default ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--no-qlora", description = "Leave QLoRA out of the weights moves.")
    boolean noQlora;
    @Option(names = "--max-new-tokens", defaultValue = "32", description = "Answer length limit (default ${DEFAULT-VALUE}).")
    int maxNewTokens;
    @Option(names = "--reflector-endpoint", description = "OpenAI-compatible server whose model writes the reflected instructions (default: the task model).")
    String reflectorEndpoint;
    @Option(names = "--reflector-model", description = "Model name at --reflector-endpoint.")
    String reflectorModel;
    @Option(names = "--parents", defaultValue = "2", description = "Frontier members each round builds on (default ${DEFAULT-VALUE}).")
    int parents;
    @Option(names = "--minibatch", defaultValue = "24", description = "Dev examples a new candidate is screened on before the whole dev split (default ${DEFAULT-VALUE}).")
    int minibatch;
    @Option(names = "--patience", defaultValue = "2", description = "Stop after this many rounds without a dev gain (default ${DEFAULT-VALUE}).")
    int patience;

    @Override
    public Integer call() {
        if (out == null && resume == null) throw new HoneException("give --out DIR (a new run) or --resume DIR (continue one)");
        if (out != null && resume != null && !out.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize())) {
            throw new HoneException("--out " + out + " and --resume " + resume + " name different folders");
        }
        if (ragK < 1 || k < 1 || rank < 1 || steps < 1 || chunkTokens < 8 || parents < 1 || minibatch < 1 || patience < 1) {
            throw new HoneException("--rag-k, --k, --rank, --lora-steps, --parents, --minibatch and --patience must be >= 1, --chunk-tokens >= 8");
        }
        if ((reflectorEndpoint == null) != (reflectorModel == null)) throw new HoneException("--reflector-endpoint and --reflector-model go together");
        List<String> kinds = Arrays.stream(retrievers.split(",")).map(String::strip).toList();
        for (String r : kinds) if (!List.of("bm25", "dense", "hybrid").contains(r)) throw new HoneException("--retrievers: unknown retriever '" + r + "' (bm25, dense, hybrid)");
        boolean solr = backend.solr();
        if (solr) {
            backend.noLayout("hone improve (its collections are 1 shard x 1 replica)");
            if (docs == null) throw new HoneException("--backend solr needs --docs (improve builds its collections from them)");
        }
        Path dir = resume != null ? resume : out;
        Settings s = Settings.builder(task, Hub.local(model, "--model"), docs, dir).seed(seed).resume(resume != null)
                .budget(SearchBudget.parse(budget)).retrieval(ragK, chunkTokens, kinds).prompt(k, maxNewTokens)
                .adapter(rank, lr, steps, !noQlora).search(parents, minibatch, patience).reflector(reflectorEndpoint, reflectorModel)
                .solr(solr ? backend.target() : null).build();
        new Improve(s, new PrintStream(System.out, true, StandardCharsets.UTF_8), System.err).run();
        return 0;
    }
}
