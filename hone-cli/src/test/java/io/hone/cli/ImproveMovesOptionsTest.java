package io.hone.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hone improve} / {@code hone quickstart}: bad values of the weights-move options give exit 2 and one line naming the option. */
class ImproveMovesOptionsTest {
    @TempDir
    Path dir;

    private String oneLineError(String... args) {
        Cli r = Cli.run(args);
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        String err = r.err().strip();
        assertThat(err).startsWith("hone: ").doesNotContain("\n").doesNotContain("Exception");
        return err;
    }

    private String improve(String... extra) {
        List<String> a = new ArrayList<>(List.of("improve", "--task", dir.resolve("task.jsonl").toString(), "--model",
                Cli.FIXTURES.resolve("tiny-llama").toString(), "--out", dir.resolve("out").toString()));
        a.addAll(List.of(extra));
        return oneLineError(a.toArray(String[]::new));
    }

    @Test
    void badValuesAreOneLineNamingTheOption() {
        assertThat(improve("--moves", "+dpo")).startsWith("hone: --moves: unknown move '+dpo'").contains("dpo-from-metric, grpo");
        assertThat(improve("--moves", "")).startsWith("hone: --moves: empty list");
        assertThat(improve("--moves", "+grpo,train-lora")).startsWith("hone: --moves: unknown move 'train-lora'");
        assertThat(improve("--dpo-beta", "0")).isEqualTo("hone: --dpo-beta must be > 0, got 0.0");
        assertThat(improve("--rpo-alpha", "-1")).isEqualTo("hone: --rpo-alpha must be >= 0, got -1.0");
        assertThat(improve("--grpo-generations", "1")).startsWith("hone: --grpo-generations must be >= 2");
        assertThat(improve("--grpo-temperature", "0")).startsWith("hone: --grpo-temperature must be > 0");
        assertThat(improve("--grpo-steps", "0")).isEqualTo("hone: --grpo-steps must be >= 1, got 0");
        assertThat(dir.resolve("out")).doesNotExist();
        Path qs = dir.resolve("qs");
        assertThat(oneLineError("quickstart", "--smoke", "--moves", "grpo,-nope", "--out", qs.toString())).startsWith("hone: --moves: unknown move '-nope'");
        assertThat(oneLineError("quickstart", "--smoke", "--budget", "3days", "--out", qs.toString())).startsWith("hone: --budget: '3days'");
        assertThat(qs).doesNotExist();
    }
}
