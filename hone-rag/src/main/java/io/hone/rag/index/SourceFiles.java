package io.hone.rag.index;

import io.hone.core.HoneException;
import io.hone.rag.ingest.Loaders;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The files under {@code --docs} that a loader reads: a single file, or a folder walked in name order (hidden entries
 * skipped). Symbolic links (to files or folders) are followed when their real target lies inside {@code --docs}; one
 * pointing outside is skipped and counted unless {@code followOutside}. A file reached by several paths is listed once
 * (by its own path when it has one without links); link loops are not entered.
 */
public final class SourceFiles {
    private SourceFiles() {
    }

    /** The files to index, and how many links pointing outside {@code --docs} were left out. */
    public record Listing(List<Path> files, int outsideLinks) {
    }

    /** The files a loader reads under {@code docs}, links outside it skipped; {@code err} (may be null) gets one line about files of other types left out. */
    public static List<Path> under(Path docs, PrintStream err) {
        return list(docs, false, err).files();
    }

    public static Listing list(Path docs, boolean followOutside, PrintStream err) {
        if (!Files.exists(docs)) throw new HoneException(docs + ": not found");
        if (Files.isRegularFile(docs)) {
            if (Loaders.forFile(docs).isEmpty()) throw new HoneException(docs + ": unsupported file type (supported: " + Loaders.SUPPORTED + ")");
            return new Listing(List.of(docs.toAbsolutePath().normalize()), 0);
        }
        Path root = docs.toAbsolutePath().normalize();
        var walk = new Walk(root, realPath(root, docs), followOutside);
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, walk);
        } catch (IOException e) {
            throw new HoneException(docs + ": cannot list: " + e.getMessage(), e);
        }
        List<Path> supported = new ArrayList<>(), other = new ArrayList<>();
        for (Path p : walk.byTarget.values()) (Loaders.forFile(p).isPresent() ? supported : other).add(p);
        supported.sort(null);
        other.sort(null);
        if (err != null && !other.isEmpty()) {
            err.println("hone: " + other.size() + " file(s) of other types not indexed (supported: " + Loaders.SUPPORTED + "), e.g. "
                    + root.relativize(other.getFirst()));
        }
        return new Listing(List.copyOf(supported), walk.outside);
    }

    private static final class Walk extends SimpleFileVisitor<Path> {
        final Path root, realRoot;
        final boolean followOutside;
        final Map<Path, Path> byTarget = new HashMap<>(); // real path -> the path listed for it
        int outside;

        Walk(Path root, Path realRoot, boolean followOutside) {
            this.root = root;
            this.realRoot = realRoot;
            this.followOutside = followOutside;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            if (dir.equals(root)) return FileVisitResult.CONTINUE;
            if (hidden(dir) || leavesDocs(dir)) return FileVisitResult.SKIP_SUBTREE;
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            if (!attrs.isRegularFile() || hidden(file) || leavesDocs(file)) return FileVisitResult.CONTINUE; // broken links too
            Path real = file.toRealPath();
            byTarget.merge(real, file, (a, b) -> preferred(a, b, real));
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof FileSystemLoopException) return FileVisitResult.CONTINUE; // a link back to a folder being walked
            throw e;
        }

        /** A link whose real target is outside --docs, when those are not followed: counted, not entered. */
        private boolean leavesDocs(Path p) throws IOException {
            if (followOutside || !Files.isSymbolicLink(p)) return false;
            if (p.toRealPath().startsWith(realRoot)) return false;
            outside++;
            return true;
        }

        private boolean hidden(Path p) {
            for (Path part : root.relativize(p)) if (part.toString().startsWith(".")) return true;
            return false;
        }

        /** The file's own path (no link on the way) wins; otherwise the first in name order. */
        private Path preferred(Path a, Path b, Path real) {
            boolean aDirect = realRoot.resolve(root.relativize(a)).equals(real), bDirect = realRoot.resolve(root.relativize(b)).equals(real);
            if (aDirect != bDirect) return aDirect ? a : b;
            return a.compareTo(b) <= 0 ? a : b;
        }
    }

    private static Path realPath(Path root, Path docs) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            throw new HoneException(docs + ": cannot resolve: " + e.getMessage(), e);
        }
    }
}
