package io.hone.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Recursive delete of a folder (or a single file): the one place hone removes whole trees. */
public final class FileTree {
    private FileTree() {}

    /** Deletes {@code p} and everything below it; nothing when it does not exist. Stops at the first failure. */
    public static void delete(Path p) throws IOException {
        if (p == null || !Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        for (Path q : deepestFirst(p)) Files.delete(q);
    }

    /** Best effort: deletes what it can of {@code p} (null is allowed) and never throws. */
    public static void deleteQuietly(Path p) {
        if (p == null || !Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try {
            for (Path q : deepestFirst(p)) Files.deleteIfExists(q);
        } catch (IOException | RuntimeException ignored) {
            // left behind: callers use this for hidden temp folders only
        }
    }

    private static List<Path> deepestFirst(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            return s.sorted(Comparator.reverseOrder()).toList();
        }
    }
}
