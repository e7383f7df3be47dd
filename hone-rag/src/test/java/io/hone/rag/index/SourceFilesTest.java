package io.hone.rag.index;

import io.hone.core.HoneException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceFilesTest {
    @TempDir
    Path dir;

    @Test
    void walksSupportedFilesInNameOrderAndSaysWhatItLeftOut() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve("b.md"), "b");
        Files.writeString(dir.resolve("sub/a.txt"), "a");
        Files.writeString(dir.resolve("notes.docx"), "x");
        Files.writeString(dir.resolve("cran.all.1400"), "x");
        Files.writeString(dir.resolve(".git/config.txt"), "hidden");
        var err = new ByteArrayOutputStream();
        var files = SourceFiles.under(dir, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(files).extracting(p -> dir.toAbsolutePath().normalize().relativize(p).toString()).containsExactly("b.md", "sub/a.txt");
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("hone: 2 file(s) of other types not indexed (supported: .txt, .md, .html, .pdf, .jsonl), e.g. cran.all.1400");
        var quiet = new ByteArrayOutputStream();
        Files.delete(dir.resolve("notes.docx"));
        Files.delete(dir.resolve("cran.all.1400"));
        SourceFiles.under(dir, new PrintStream(quiet, true, StandardCharsets.UTF_8));
        assertThat(quiet.size()).isZero();
    }

    @Test
    void aSingleFileOfAnotherTypeIsAnError() throws Exception {
        Path f = Files.writeString(dir.resolve("x.docx"), "x");
        assertThatThrownBy(() -> SourceFiles.under(f, null)).isInstanceOf(HoneException.class)
                .hasMessage(f + ": unsupported file type (supported: .txt, .md, .html, .pdf, .jsonl)");
        assertThatThrownBy(() -> SourceFiles.under(dir.resolve("nope"), null)).hasMessage(dir.resolve("nope") + ": not found");
    }
}
