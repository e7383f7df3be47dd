package io.hone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizeCommandTest {
    static final Path TINY_LLAMA = Path.of(System.getProperty("hone.fixtures", "../shared/fixtures"), "tiny-llama");

    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void printsIdsWithBos() {
        Run r = run("tokenize", "--model", TINY_LLAMA.toString(), "--text", "Hello world");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("[1, 15043, 3186]" + System.lineSeparator());
        assertThat(r.err()).isEmpty();
    }

    @Test
    void noSpecialTokens() {
        Run r = run("tokenize", "--model", TINY_LLAMA.toString(), "--text", "中文分词测试", "--no-special");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().strip()).isEqualTo("[29871, 30275, 30333, 30748, 235, 178, 144, 31851, 31787]");
    }

    @Test
    void missingTokenizerIsExitCode2WithOneLine(@TempDir Path dir) {
        Run r = run("tokenize", "--model", dir.toString(), "--text", "x");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("hone: " + dir + ": tokenizer.json not found" + System.lineSeparator());
    }

    @Test
    void missingOptionIsAUsageError() {
        Run r = run("tokenize", "--text", "x");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--model=DIR'");
    }
}
