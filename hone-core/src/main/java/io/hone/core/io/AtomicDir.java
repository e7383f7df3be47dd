package io.hone.core.io;

import io.hone.core.HoneException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a whole folder (an adapter, a merged model) so that readers never see it half-written: the files go to a
 * hidden sibling folder, which is renamed onto the target when complete. An existing target is renamed aside first
 * and deleted after the swap (POSIX cannot rename over a non-empty folder), so the target is either the old
 * complete folder, briefly absent, or the new complete one. Temp names follow {@link TempNames}.
 */
public final class AtomicDir {
    private AtomicDir() {}

    /** Fills a fresh folder; throwing leaves the target untouched. */
    public interface Body {
        void writeInto(Path tmp) throws IOException;
    }

    /** Runs {@code body} on a temp folder next to {@code target}, then moves it into place. Returns {@code target}. */
    public static Path write(Path target, Body body) {
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null) throw new HoneException(target + ": cannot write a folder at the file-system root");
        if (Files.exists(abs) && !Files.isDirectory(abs)) throw new HoneException(target + ": exists and is not a folder");
        String tag = TempNames.tag();
        Path tmp = TempNames.sibling(abs, tag, "tmp");
        try {
            Files.createDirectories(parent);
            Files.createDirectory(tmp);
            body.writeInto(tmp);
        } catch (IOException e) {
            FileTree.deleteQuietly(tmp);
            throw new HoneException(target + ": cannot write (" + SafetensorsHeader.oneLine(String.valueOf(e.getMessage())) + ")", e);
        } catch (RuntimeException | Error e) {
            FileTree.deleteQuietly(tmp);
            throw e;
        }
        Path old = null;
        try {
            if (Files.exists(abs)) {
                old = TempNames.sibling(abs, tag, "old");
                Files.move(abs, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (old != null && !Files.exists(abs)) {
                try {
                    Files.move(old, abs, StandardCopyOption.ATOMIC_MOVE);
                    old = null;
                } catch (IOException ignored) {
                    // the previous folder stays at the .old name, reported below
                }
            }
            FileTree.deleteQuietly(tmp);
            throw new HoneException(target + ": cannot move the finished folder into place ("
                    + SafetensorsHeader.oneLine(String.valueOf(e.getMessage())) + ")" + (old != null ? "; the previous folder is at " + old : ""), e);
        }
        if (old != null) FileTree.deleteQuietly(old);
        return target;
    }
}
