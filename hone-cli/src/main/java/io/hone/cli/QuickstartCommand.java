package io.hone.cli;

import io.hone.improve.Improve;
import io.hone.improve.Settings;
import io.hone.improve.search.SearchBudget;
import io.hone.improve.demo.BundledModel;
import io.hone.improve.demo.Catalogue;
import io.hone.improve.moves.WeightMoves;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "The end-to-end demo, offline: hone improve on a generated catalogue of fictional products (one "
                + "markdown page per product as --docs, questions whose answers are only in those pages) with the small "
                + "model bundled in the jar (pretrained by hone on other catalogues; quickstart/make-base-model.sh), or "
                + "with --model DIR.")
public final class QuickstartCommand implements Callable<Integer> {
    @Option(names = "--model", description = "Model folder (or Hub id owner/name) to improve instead of the bundled one.")
    Path model;
    @Option(names = "--smoke", description = "A tiny run (few products and questions, small budget, a few LoRA steps): well under a minute.")
    boolean smoke;
    @Option(names = "--out", defaultValue = "quickstart-out", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--seed", defaultValue = "0", description = "Seed of the demo catalogue (0: the one the README shows) and of the search (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--moves", description = "Weights moves on (+name) or off (-name), as hone improve --moves, e.g. +dpo-from-metric,+grpo.")
    String moves;
    @Option(names = "--budget", description = "Search budget as hone improve --budget (default 480s,6rounds; --smoke: 1rounds).")
    String budget;

    @Override
    public Integer call() throws IOException {
        PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        SearchBudget searchBudget = budget != null ? SearchBudget.parse(budget) : smoke ? new SearchBudget(0, 0, 0, 1) : new SearchBudget(480, 0, 0, 6);
        if (moves != null) WeightMoves.switched(WeightMoves.DEFAULT_ON, moves); // a bad list fails before the demo is written
        Files.createDirectories(out);
        Path data = out.resolve("demo");
        Path docs = data.resolve("docs");
        Path task = data.resolve("task.jsonl");
        Improve.deleteTree(docs);
        int products = smoke ? 8 : 60;
        Catalogue.writeDemo(products, seed, docs, task);
        Path m = model != null ? Hub.local(model, "--model") : BundledModel.copyTo(out.resolve("base-model"));
        stdout.printf("quickstart: %d fictional products (%s), %d questions (%s); model %s%n", products, docs, products * 5, task, m);
        Path run = out.resolve("improve");
        Improve.deleteTree(run); // the demo starts over each time; hone improve itself refuses a folder holding another run
        Settings.Builder s = Settings.builder(task, m, docs, run).seed(seed).retrieval(1, 512, List.of("bm25", "hybrid"))
                .chunkChoices(List.of(40, 64, 128, 256, 512)).prompt(2, 24).adapter(16, 2e-3, smoke ? 3 : 150, true)
                .budget(searchBudget).search(2, smoke ? 4 : 24, 2);
        if (smoke) s.grpo(4, 0.8, 2);
        if (moves != null) s.moves(moves);
        new Improve(s.build(), stdout, System.err).run();
        return 0;
    }
}
