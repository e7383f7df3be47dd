package io.hone.improve;

import io.hone.core.HoneException;
import io.hone.core.quant.QuantConfig;
import io.hone.eval.prompt.PromptFile;
import io.hone.improve.search.Configuration;
import io.hone.improve.search.FinalScoring;
import io.hone.improve.search.Grounding;
import io.hone.improve.search.Scorer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The files a run leaves for people to reuse: {@code configs/<name>/prompt.json} for every configuration scored on
 * test, {@code best/} (prompt, adapter, embedded index, test split) and the {@code hone eval} command line that reproduces
 * each score.
 */
final class Outputs {
    private final Settings s;
    private final Scorer scorer;
    private final Grounding grounding;

    Outputs(Settings s, Scorer scorer, Grounding grounding) {
        this.s = s;
        this.scorer = scorer;
        this.grounding = grounding;
    }

    /** Writes each entry's prompt.json; returns the eval command of each entry by name. */
    Map<String, String> writeConfigs(List<FinalScoring.Entry> entries) {
        Map<String, String> commands = new LinkedHashMap<>();
        for (FinalScoring.Entry e : entries) {
            Path prompt = s.out().resolve("configs").resolve(slug(e.name())).resolve("prompt.json");
            writePrompt(prompt, e);
            Configuration c = e.config();
            commands.put(e.name(), command(s.out().resolve("test.jsonl"), prompt, c.weights().adapter(), c.weights().quant(),
                    c.retrieval().on() ? grounding.evalOptions(c.retrieval(), null) : null));
        }
        return commands;
    }

    String writeBest(FinalScoring.Entry best) {
        Path dir = s.out().resolve("best");
        Improve.deleteTree(dir);
        Improve.mkdirs(dir);
        Configuration c = best.config();
        try {
            writePrompt(dir.resolve("prompt.json"), best);
            Files.copy(s.out().resolve("test.jsonl"), dir.resolve("test.jsonl"));
            if (c.retrieval().on() && grounding.index(c.retrieval()) != null) copyTree(grounding.index(c.retrieval()), dir.resolve("index"));
            if (c.weights().tuned()) copyTree(c.weights().adapter(), dir.resolve("adapter"));
        } catch (IOException e) {
            throw new HoneException(dir + ": cannot write: " + e.getMessage(), e);
        }
        // an embedded index is copied into best/; a Solr collection stays on its cluster
        String rag = !c.retrieval().on() ? null
                : grounding.evalOptions(c.retrieval(), grounding.index(c.retrieval()) != null ? dir.resolve("index") : null);
        return command(dir.resolve("test.jsonl"), dir.resolve("prompt.json"), c.weights().tuned() ? dir.resolve("adapter") : null,
                c.weights().quant(), rag);
    }

    private void writePrompt(Path file, FinalScoring.Entry e) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("configuration", e.name());
        meta.put("label", e.config().label());
        if (e.candidate() != null) meta.put("candidate", e.candidate().id());
        meta.put("test_score", e.test().score().mean());
        PromptFile.write(file, scorer.program(e.config()), meta);
    }

    /** The {@code hone eval} command line that scores a configuration on the test split (quantized base first, as loaded). */
    private String command(Path test, Path prompt, Path adapter, QuantConfig quant, String rag) {
        StringBuilder b = new StringBuilder("./hone eval --task ").append(quote(test)).append(" --model ").append(quote(s.model()));
        if (quant != null) b.append(' ').append(quantFlags(quant));
        if (adapter != null) b.append(" --adapter ").append(quote(adapter));
        if (rag != null) b.append(' ').append(rag);
        b.append(" --prompt ").append(quote(prompt)).append(" --max-new-tokens ").append(s.maxNewTokens()).append(" --seed ").append(s.seed());
        return b.toString();
    }

    static String slug(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    /** A path as one shell word. */
    static String quote(Path p) {
        return Grounding.quote(p);
    }

    /** {@code hone eval}'s options for a base quantized on load, e.g. {@code --quant nf4} (its defaults left out). */
    static String quantFlags(QuantConfig q) {
        return "--quant " + q.type().name().toLowerCase(Locale.ROOT) + (q.doubleQuant() ? "" : " --no-double-quant")
                + (q.blockSize() == 64 ? "" : " --block-size " + q.blockSize());
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> w = Files.walk(from)) {
            for (Path q : w.toList()) {
                Path t = to.resolve(from.relativize(q).toString());
                if (Files.isDirectory(q)) Files.createDirectories(t);
                else Files.copy(q, t, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
