package io.hone.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The writers' temp names follow one pattern, and a sweep removes exactly what killed writes of that pattern leave. */
class TempNamesTest {
    @TempDir
    Path dir;

    private List<String> listing(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void atomicWritersNameTheirTempsByThePattern() throws IOException {
        List<String> seen = new ArrayList<>();
        AtomicFile.write(dir.resolve("loss.png"), ch -> seen.addAll(listing(dir)));
        Files.createDirectories(dir.resolve("adapter"));
        AtomicDir.write(dir.resolve("adapter"), tmp -> seen.add(tmp.getFileName().toString()));
        assertThat(seen).hasSize(2).allSatisfy(n -> assertThat(TempNames.matches(n)).as(n).isTrue());
        assertThat(seen.get(0)).matches("\\.loss\\.png\\.[0-9a-f]{16}\\.tmp");
        assertThat(seen.get(1)).matches("\\.adapter\\.[0-9a-f]{16}\\.tmp");
        assertThat(listing(dir)).containsExactly("adapter", "loss.png");
    }

    @Test
    void sweepRemovesLeftoversOfKilledWritesAndNothingElse() throws IOException {
        // what a kill leaves: a checkpoint's nested adapter temp, an adapter temp folder, a chart temp file (short tags
        // come from earlier versions, which did not pad the tag)
        Files.createDirectories(dir.resolve("..checkpoint-9.tmp.3fa9c0d1e2b4a5f6.tmp"));
        Files.writeString(dir.resolve("..checkpoint-9.tmp.3fa9c0d1e2b4a5f6.tmp/adapter_model.safetensors"), "half");
        Files.createDirectories(dir.resolve(".adapter.7b2e.tmp"));
        Files.writeString(dir.resolve(".loss.png.00c0ffee00c0ffee.tmp"), "half");
        Files.createDirectories(dir.resolve("checkpoint-3"));
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/.rounds.jsonl.abc.tmp"), "half");
        Files.writeString(dir.resolve(".notes.tmp"), "mine");      // no tag: not ours
        Files.writeString(dir.resolve(".x.NOTHEX.tmp"), "mine");
        Files.writeString(dir.resolve("loss.png"), "whole");

        assertThat(TempNames.sweep(dir)).isEqualTo(3);
        assertThat(listing(dir)).containsExactly(".notes.tmp", ".x.NOTHEX.tmp", "checkpoint-3", "loss.png", "sub");
        assertThat(listing(dir.resolve("sub"))).containsExactly(".rounds.jsonl.abc.tmp");
        assertThat(TempNames.sweepTree(dir)).isEqualTo(1);
        assertThat(listing(dir.resolve("sub"))).isEmpty();
        assertThat(TempNames.sweep(dir.resolve("absent"))).isZero();
    }

    @Test
    void aSwapKilledBetweenItsTwoRenamesIsCompleted() throws IOException {
        // AtomicDir moved the previous folder aside and was killed before moving the finished one in
        Files.createDirectories(dir.resolve(".adapter.0123456789abcdef.old"));
        Files.writeString(dir.resolve(".adapter.0123456789abcdef.old/v"), "old");
        Files.createDirectories(dir.resolve(".adapter.0123456789abcdef.tmp"));
        Files.writeString(dir.resolve(".adapter.0123456789abcdef.tmp/v"), "new");
        // ... and another one killed after both renames, before deleting the previous folder
        Files.createDirectories(dir.resolve("model"));
        Files.writeString(dir.resolve("model/v"), "new");
        Files.createDirectories(dir.resolve(".model.fedcba9876543210.old"));

        TempNames.sweep(dir);
        assertThat(listing(dir)).containsExactly("adapter", "model");
        assertThat(dir.resolve("adapter/v")).hasContent("new");
        assertThat(dir.resolve("model/v")).hasContent("new");
    }
}
