package io.hone.rag.index;

import io.hone.core.HoneException;
import io.hone.rag.ingest.Loaders;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The files under {@code --docs} that a loader reads: a single file, or a folder walked in name order (hidden entries skipped). */
public final class SourceFiles {
    private SourceFiles() {
    }

    /** The files a loader reads under {@code docs}; {@code err} (may be null) gets one line about files of other types left out. */
    public static List<Path> under(Path docs, PrintStream err) {
        if (!Files.exists(docs)) throw new HoneException(docs + ": not found");
        if (Files.isRegularFile(docs)) {
            if (Loaders.forFile(docs).isEmpty()) throw new HoneException(docs + ": unsupported file type (supported: " + Loaders.SUPPORTED + ")");
            return List.of(docs.toAbsolutePath().normalize());
        }
        Path root = docs.toAbsolutePath().normalize();
        Map<Boolean, List<Path>> byType;
        try (Stream<Path> walk = Files.walk(docs)) {
            byType = walk.map(p -> p.toAbsolutePath().normalize())
                    .filter(Files::isRegularFile)
                    .filter(p -> !hidden(root.relativize(p)))
                    .sorted()
                    .collect(Collectors.partitioningBy(p -> Loaders.forFile(p).isPresent()));
        } catch (IOException e) {
            throw new HoneException(docs + ": cannot list: " + e.getMessage(), e);
        }
        List<Path> other = byType.get(false);
        if (err != null && !other.isEmpty()) {
            err.println("hone: " + other.size() + " file(s) of other types not indexed (supported: " + Loaders.SUPPORTED + "), e.g. "
                    + root.relativize(other.getFirst()));
        }
        return byType.get(true);
    }

    private static boolean hidden(Path rel) {
        for (Path part : rel) if (part.toString().startsWith(".")) return true;
        return false;
    }
}
