package io.hone.core.io;

import io.hone.core.HoneException;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The one naming scheme of hone's writes in progress, next to their target {@code NAME}: {@code .NAME.<hex>.tmp} (the
 * file or folder being written; hex is a random tag of up to 16 lowercase digits) and {@code .NAME.<hex>.old}
 * ({@link AtomicDir}'s previous folder during the swap). A killed process leaves them behind; the writer of a folder
 * (a training run, an improve run) calls {@link #sweep} when it starts or resumes.
 */
public final class TempNames {
    private TempNames() {}

    /** {@code .NAME.<hex>.(tmp|old)}. */
    public static final Pattern PATTERN = Pattern.compile("\\.(.+)\\.([0-9a-f]{1,16})\\.(tmp|old)");

    /** A fresh random tag. */
    public static String tag() {
        return String.format("%016x", ThreadLocalRandom.current().nextLong());
    }

    /** {@code .NAME.<tag>.<suffix>} next to {@code target} (absolute). */
    static Path sibling(Path target, String tag, String suffix) {
        Path abs = target.toAbsolutePath().normalize();
        return abs.resolveSibling("." + abs.getFileName() + "." + tag + "." + suffix);
    }

    public static boolean matches(String fileName) {
        return PATTERN.matcher(fileName).matches();
    }

    /**
     * Removes the leftovers of killed writes directly in {@code dir}. A swap that was killed half-way (the previous folder
     * at {@code .old}, the finished one at {@code .tmp}, the target absent) is completed instead: a {@code .tmp} is whole
     * once its {@code .old} exists. Returns how many leftovers were removed or put in place; nothing when {@code dir} does
     * not exist.
     */
    public static int sweep(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return 0;
        List<Path> found;
        try (Stream<Path> s = Files.list(dir)) {
            found = s.filter(p -> matches(p.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new HoneException(dir + ": cannot list (" + SafetensorsHeader.oneLine(String.valueOf(e.getMessage())) + ")", e);
        }
        int n = 0;
        for (Path p : found) {
            Matcher m = PATTERN.matcher(p.getFileName().toString());
            if (!m.matches() || !m.group(3).equals("old")) continue;
            Path target = dir.resolve(m.group(1)), done = dir.resolve("." + m.group(1) + "." + m.group(2) + ".tmp");
            try {
                if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.move(Files.isDirectory(done) ? done : p, target, StandardCopyOption.ATOMIC_MOVE);
                    n++;
                }
            } catch (IOException e) {
                throw new HoneException(target + ": cannot finish an interrupted write (" + SafetensorsHeader.oneLine(String.valueOf(e.getMessage())) + ")", e);
            }
        }
        for (Path p : found) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) continue;
            try {
                FileTree.delete(p);
                n++;
            } catch (IOException e) {
                throw new HoneException(p + ": cannot remove the leftover of an interrupted write ("
                        + SafetensorsHeader.oneLine(String.valueOf(e.getMessage())) + ")", e);
            }
        }
        return n;
    }

    /** {@link #sweep} in {@code dir} and every folder below it (links not followed). */
    public static int sweepTree(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return 0;
        int[] n = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    if (!d.equals(dir) && matches(d.getFileName().toString())) return FileVisitResult.SKIP_SUBTREE; // swept by its parent
                    n[0] += sweep(d);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                    if (e instanceof java.nio.file.NoSuchFileException) return FileVisitResult.CONTINUE; // just swept
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new HoneException(dir + ": cannot list (" + SafetensorsHeader.oneLine(String.valueOf(e.getMessage())) + ")", e);
        }
        return n[0];
    }
}
