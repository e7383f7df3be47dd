package io.hone.core.io;

import io.hone.core.HoneException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicFileTest {
    @TempDir
    Path dir;

    private String[] listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void replacesTheTargetAndLeavesNoTempFile() throws IOException {
        Path f = dir.resolve("config.json");
        Files.writeString(f, "old");
        AtomicFile.writeString(f, "{\"x\": \"é\"}\n");
        assertThat(Files.readString(f)).isEqualTo("{\"x\": \"é\"}\n");
        assertThat(listing()).containsExactly("config.json");
    }

    @Test
    void aFailingBodyKeepsTheOldFile() throws IOException {
        Path f = dir.resolve("loss.html");
        Files.writeString(f, "old");
        assertThatThrownBy(() -> AtomicFile.write(f, ch -> {
            throw new IOException("disk full");
        })).isInstanceOf(HoneException.class).hasMessage(f + ": cannot write (disk full)");
        assertThat(Files.readString(f)).isEqualTo("old");
        assertThat(listing()).containsExactly("loss.html");
    }

    @Test
    void deletesTreesAndToleratesMissingOnes() throws IOException {
        Path t = dir.resolve("a");
        Files.createDirectories(t.resolve("b/c"));
        Files.writeString(t.resolve("b/c/f.txt"), "x");
        FileTree.delete(t);
        assertThat(t).doesNotExist();
        FileTree.delete(t);
        FileTree.deleteQuietly(t);
        FileTree.deleteQuietly(null);
    }
}
