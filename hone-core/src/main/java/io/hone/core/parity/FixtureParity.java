package io.hone.core.parity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Finds what a fixture folder holds and runs the matching checks: a model (config.json + inputs +
 * forward), tokenizer cases, chat-template cases. A folder with none of these is searched one level down
 * per subfolder, so the fixtures root runs everything. Modules above core add their own kinds of fixture folder
 * through {@link FixtureChecker}s.
 */
public final class FixtureParity {
    private FixtureParity() {}

    public static List<Check> run(Path dir, Consumer<Check> onCheck) {
        return run(dir, onCheck, List.of());
    }

    /** As {@link #run(Path, Consumer)}, also running each of {@code extra} on the folders it applies to. */
    public static List<Check> run(Path dir, Consumer<Check> onCheck, List<FixtureChecker> extra) {
        List<Check> all = new ArrayList<>();
        Consumer<Check> sink = c -> {
            all.add(c);
            onCheck.accept(c);
        };
        if (!Files.isDirectory(dir)) throw new io.hone.core.HoneException(dir + ": not a directory");
        visit(dir, sink, extra, 0);
        if (all.isEmpty()) {
            throw new io.hone.core.HoneException(dir + ": no fixture found (expected config.json + inputs.safetensors + forward.safetensors, tokenizer_cases.json or chat_templates.json)");
        }
        return all;
    }

    private static boolean visit(Path dir, Consumer<Check> sink, List<FixtureChecker> extra, int depth) {
        boolean found = false;
        if (Files.exists(dir.resolve("config.json")) && Files.exists(dir.resolve("forward.safetensors"))) {
            ModelParity.run(dir).forEach(sink);
            found = true;
        }
        if (Files.exists(dir.resolve("tokenizer_cases.json"))) {
            TokenizerParity.run(dir).forEach(sink);
            found = true;
        }
        if (Files.exists(dir.resolve("chat_templates.json"))) {
            ChatTemplateParity.run(dir.resolve("chat_templates.json")).forEach(sink);
            found = true;
        }
        for (FixtureChecker c : extra) {
            if (c.applies(dir)) {
                c.run(dir).forEach(sink);
                found = true;
            }
        }
        if (depth < 3) {
            for (Path sub : subdirs(dir)) found |= visit(sub, sink, extra, depth + 1);
        }
        return found;
    }

    private static List<Path> subdirs(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("__")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
