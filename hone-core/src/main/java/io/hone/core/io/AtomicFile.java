package io.hone.core.io;

import io.hone.core.HoneException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes one file so that readers never see it half-written: the bytes go to a hidden temp file in the target's
 * folder, are forced to disk, and the temp file is renamed over the target. On failure the temp file is removed and
 * the target is untouched. (Whole folders: {@link AtomicDir}; temp names: {@link TempNames}.)
 */
public final class AtomicFile {
    private AtomicFile() {}

    /** Writes the file's content into an open channel. */
    public interface Body {
        void writeTo(FileChannel ch) throws IOException;
    }

    public static Path write(Path target, byte[] bytes) {
        return write(target, ch -> writeFully(ch, ByteBuffer.wrap(bytes)));
    }

    /** UTF-8 text. */
    public static Path writeString(Path target, String text) {
        return write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code body} to a hidden temp file next to {@code target}, forces it, then renames it over {@code target}. */
    public static Path write(Path target, Body body) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = TempNames.sibling(target, TempNames.tag(), "tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            body.writeTo(ch);
            ch.force(true);
        } catch (NoSuchFileException e) {
            deleteQuietly(tmp);
            throw new HoneException(target + ": cannot write, directory " + dir + " does not exist");
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new HoneException(target + ": cannot write (" + SafetensorsHeader.oneLine(e.getMessage()) + ")", e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(tmp);
            throw e;
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new HoneException(target + ": cannot move the finished file into place ("
                    + SafetensorsHeader.oneLine(e.getMessage()) + ")", e);
        }
        return target;
    }

    public static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the temp file is hidden and named as ours
        }
    }
}
