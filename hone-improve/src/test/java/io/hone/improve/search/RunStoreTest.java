package io.hone.improve.search;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunStoreTest {
    @TempDir
    Path tmp;

    @Test
    void resumingRemovesWhatKilledWritesLeftAnywhereInTheRunFolder() throws Exception {
        Path run = tmp.resolve("run");
        Map<String, Object> identity = Map.of("task", "abc", "seed", 1);
        assertThat(new RunStore(run).open(identity, false)).isZero();
        // names as AtomicFile / AtomicDir make them, as a kill -9 in the middle of each write leaves them
        List<Path> leftovers = List.of(
                Files.writeString(run.resolve(".rounds.jsonl.9f3e2d1c0b4a5968.tmp"), "{\"round\""),
                Files.writeString(run.resolve("candidates").resolve(".c7.json.0123456789abcdef.tmp"), "{"),
                Files.writeString(Files.createDirectories(run.resolve("adapters/lora-r8-1a2b")).resolve(".train.jsonl.00c0ffee00c0ffee.tmp"), "{"),
                Files.createDirectories(run.resolve("adapters/lora-r8-1a2b/run/.adapter.7b2e00aa11bb22cc.tmp")));
        Files.writeString(leftovers.getLast().resolve("adapter_model.safetensors"), "half");
        Path kept = Files.writeString(run.resolve("candidates").resolve("c6.json"), "{}");
        Path notOurs = Files.writeString(run.resolve(".notes.tmp"), "mine");

        assertThat(new RunStore(run).open(identity, true)).isEqualTo(4);
        assertThat(leftovers).allSatisfy(p -> assertThat(p).doesNotExist());
        assertThat(kept).exists();
        assertThat(notOurs).exists();
        assertThat(run.resolve("adapters/lora-r8-1a2b/run")).isDirectory();
    }
}
