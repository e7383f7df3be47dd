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
                + "retrieval settings, LoRA/QLoRA on the current prompts, self-training, a hyperparameter race; opt-in: DPO on "
                + "pairs of the model's own answers the metric accepts and rejects, GRPO with the metric as reward) to the "
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
    @Option(names = "--moves", description = "Switch weights moves on (+name) or off (-name), comma-separated: train-qlora, self-train, hparam-race "
            + "(on by default), dpo-from-metric, grpo (off by default), e.g. +dpo-from-metric,+grpo.")
    String moves;
    @Option(names = "--dpo-beta", defaultValue = "0.1", description = "dpo-from-metric: DPO's beta (default ${DEFAULT-VALUE}).")
    double dpoBeta;
    @Option(names = "--rpo-alpha", defaultValue = "1", description = "dpo-from-metric: weight of the chosen answers' NLL added to DPO (RPO; 0 = pure DPO) (default ${DEFAULT-VALUE}).")
    double rpoAlpha;
    @Option(names = "--grpo-generations", defaultValue = "8", description = "grpo: rollouts per prompt (default ${DEFAULT-VALUE}).")
    int grpoGenerations;
    @Option(names = "--grpo-temperature", defaultValue = "0.8", description = "grpo: rollout temperature (default ${DEFAULT-VALUE}).")
    double grpoTemperature;
    @Option(names = "--grpo-steps", defaultValue = "40", description = "grpo: optimizer steps, 4 prompts each (default ${DEFAULT-VALUE}).")
    int grpoSteps;

    @Override
    public Integer call() {
        if (out == null && resume == null) throw new HoneException("give --out DIR (a new run) or --resume DIR (continue one)");
        if (out != null && resume != null && !out.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize())) {
            throw new HoneException("--out " + out + " and --resume " + resume + " name different folders");
        }
        if (ragK < 1 || k < 1 || rank < 1 || steps < 1 || chunkTokens < 8 || parents < 1 || minibatch < 1 || patience < 1) {
            throw new HoneException("--rag-k, --k, --rank, --lora-steps, --parents, --minibatch and --patience must be >= 1, --chunk-tokens >= 8");
        }
        if (!(dpoBeta > 0)) throw new HoneException("--dpo-beta must be > 0, got " + dpoBeta);
        if (!(rpoAlpha >= 0)) throw new HoneException("--rpo-alpha must be >= 0, got " + rpoAlpha);
        if (grpoGenerations < 2) throw new HoneException("--grpo-generations must be >= 2 (GRPO compares the rollouts of a prompt), got " + grpoGenerations);
        if (!(grpoTemperature > 0)) throw new HoneException("--grpo-temperature must be > 0 (GRPO samples its rollouts), got " + grpoTemperature);
        if (grpoSteps < 1) throw new HoneException("--grpo-steps must be >= 1, got " + grpoSteps);
        if ((reflectorEndpoint == null) != (reflectorModel == null)) throw new HoneException("--reflector-endpoint and --reflector-model go together");
        List<String> kinds = Arrays.stream(retrievers.split(",")).map(String::strip).toList();
        for (String r : kinds) if (!List.of("bm25", "dense", "hybrid").contains(r)) throw new HoneException("--retrievers: unknown retriever '" + r + "' (bm25, dense, hybrid)");
        boolean solr = backend.solr();
        if (solr) {
            backend.noLayout("hone improve (its collections are 1 shard x 1 replica)");
            if (docs == null) throw new HoneException("--backend solr needs --docs (improve builds its collections from them)");
        }
        Path dir = resume != null ? resume : out;
        Settings.Builder b = Settings.builder(task, Hub.local(model, "--model"), docs, dir).seed(seed).resume(resume != null)
                .budget(SearchBudget.parse(budget)).retrieval(ragK, chunkTokens, kinds).prompt(k, maxNewTokens)
                .adapter(rank, lr, steps, !noQlora).search(parents, minibatch, patience).reflector(reflectorEndpoint, reflectorModel)
                .preference(dpoBeta, rpoAlpha).grpo(grpoGenerations, grpoTemperature, grpoSteps).solr(solr ? backend.target() : null);
        if (moves != null) b.moves(moves);
        new Improve(b.build(), new PrintStream(System.out, true, StandardCharsets.UTF_8), System.err).run();
        return 0;
    }
}
