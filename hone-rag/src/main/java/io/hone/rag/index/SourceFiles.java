package io.hone.rag.index;

import io.hone.core.HoneException;
import io.hone.rag.ingest.Loaders;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The files under {@code --docs} that a loader reads: a single file, or a folder walked in name order (hidden entries skipped). */
public final class SourceFiles {
    private SourceFiles() {
    }

    /** As {@link #under(Path)}, telling {@code err} (may be null) in one line about files of other types left out. */
    public static List<Path> under(Path docs, PrintStream err) {
        List<Path> files = under(docs);
        if (err == null || !Files.isDirectory(docs)) return files;
        try (Stream<Path> walk = Files.walk(docs)) {
            Path root = docs.toAbsolutePath().normalize();
            List<Path> other = walk.map(p -> p.toAbsolutePath().normalize()).filter(Files::isRegularFile)
                    .filter(p -> !hidden(root.relativize(p))).filter(p -> Loaders.forFile(p).isEmpty()).sorted().toList();
            if (!other.isEmpty()) {
                err.println("hone: " + other.size() + " file(s) of other types not indexed (supported: " + Loaders.SUPPORTED + "), e.g. "
                        + root.relativize(other.getFirst()));
            }
        } catch (IOException e) {
            throw new HoneException(docs + ": cannot list: " + e.getMessage(), e);
        }
        return files;
    }

    public static List<Path> under(Path docs) {
        if (!Files.exists(docs)) throw new HoneException(docs + ": not found");
        if (Files.isRegularFile(docs)) {
            if (Loaders.forFile(docs).isEmpty()) throw new HoneException(docs + ": unsupported file type (supported: " + Loaders.SUPPORTED + ")");
            return List.of(docs.toAbsolutePath().normalize());
        }
        try (Stream<Path> walk = Files.walk(docs)) {
            Path root = docs.toAbsolutePath().normalize();
            return walk.map(p -> p.toAbsolutePath().normalize())
                    .filter(Files::isRegularFile)
                    .filter(p -> !hidden(root.relativize(p)))
                    .filter(p -> Loaders.forFile(p).isPresent())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new HoneException(docs + ": cannot list: " + e.getMessage(), e);
        }
    }

    private static boolean hidden(Path rel) {
        for (Path part : rel) if (part.toString().startsWith(".")) return true;
        return false;
    }
}
