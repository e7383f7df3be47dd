package io.hone.cli;

import io.hone.improve.Improve;
import io.hone.improve.demo.Catalogue;
import io.hone.core.HoneException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "The end-to-end demo, offline: hone improve on a generated catalogue of fictional products (one "
                + "markdown page per product as --docs, questions whose answers are only in those pages) with the small "
                + "model bundled in the jar (pretrained by hone on other catalogues; quickstart/make-base-model.sh), or "
                + "with --model DIR.")
public final class QuickstartCommand implements Callable<Integer> {
    static final String RESOURCE = "/quickstart/model/";
    static final List<String> MODEL_FILES = List.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json");

    @Option(names = "--model", description = "Model folder (or Hub id owner/name) to improve instead of the bundled one.")
    Path model;
    @Option(names = "--smoke", description = "A tiny run (few products and questions, small budget, a few LoRA steps): well under a minute.")
    boolean smoke;
    @Option(names = "--out", defaultValue = "quickstart-out", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--seed", defaultValue = "0", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Files.createDirectories(out);
        Path data = out.resolve("demo");
        Path docs = data.resolve("docs");
        Path task = data.resolve("task.jsonl");
        Improve.deleteTree(docs);
        int products = smoke ? 8 : 60;
        Catalogue.writeDemo(products, docs, task);
        Path m = model != null ? Hub.local(model, "--model") : bundledModel(out.resolve("base-model"));
        stdout.printf("quickstart: %d fictional products (%s), %d questions (%s); model %s%n", products, docs, products * 5, task, m);
        var s = new Improve.Settings(task, m, docs, smoke, seed, out.resolve("improve"), 1, 2, 16, 0.2, 0.3,
                smoke ? 3 : 150, smoke ? 30 : 600);
        new Improve(s, stdout, System.err).run();
        return 0;
    }

    /** The bundled base model, copied out of the jar. */
    static Path bundledModel(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String f : MODEL_FILES) {
            try (InputStream in = QuickstartCommand.class.getResourceAsStream(RESOURCE + f)) {
                if (in == null) throw new HoneException("the bundled quickstart model is missing " + f + " (rebuild the jar, or give --model DIR)");
                Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }
}
