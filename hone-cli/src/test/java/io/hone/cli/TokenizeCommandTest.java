package io.hone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizeCommandTest {
    static final Path TINY_LLAMA = Cli.FIXTURES.resolve("tiny-llama");

    @Test
    void printsIdsWithBos() {
        Cli r = Cli.run("tokenize", "--model", TINY_LLAMA.toString(), "--text", "Hello world");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("[1, 15043, 3186]" + System.lineSeparator());
        assertThat(r.err()).isEmpty();
    }

    @Test
    void noSpecialTokens() {
        Cli r = Cli.run("tokenize", "--model", TINY_LLAMA.toString(), "--text", "中文分词测试", "--no-special");
        assertThat(r.code()).isZero();
        assertThat(r.out().strip()).isEqualTo("[29871, 30275, 30333, 30748, 235, 178, 144, 31851, 31787]");
    }

    @Test
    void missingTokenizerIsExitCode2WithOneLine(@TempDir Path dir) {
        Cli r = Cli.run("tokenize", "--model", dir.toString(), "--text", "x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("hone: " + dir + ": tokenizer.json not found" + System.lineSeparator());
    }

    @Test
    void missingOptionIsAUsageError() {
        Cli r = Cli.run("tokenize", "--text", "x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--model=DIR'");
    }
}
