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

    @Test
    void linksOutsideTheFolderAreSkippedAndCountedLinksInsideAreFollowedOnce() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("passwd.txt"), "root:x:0:0");
        Files.writeString(outside.resolve("secret.md"), "secret");
        Files.createDirectories(docs.resolve("sub"));
        Files.writeString(docs.resolve("sub/a.txt"), "a");
        Files.createSymbolicLink(docs.resolve("alias.txt"), docs.resolve("sub/a.txt")); // inside: same file, listed once
        Files.createSymbolicLink(docs.resolve("mirror"), Path.of("sub"));                 // inside folder, relative link
        Files.createSymbolicLink(docs.resolve("sub/loop"), docs);                         // a loop back to --docs
        Files.createSymbolicLink(docs.resolve("passwd.txt"), outside.resolve("passwd.txt"));
        Files.createSymbolicLink(docs.resolve("ext"), outside);
        Files.createSymbolicLink(docs.resolve("gone.txt"), dir.resolve("nothing-here.txt")); // broken: ignored

        var listing = SourceFiles.list(docs, false, null);
        assertThat(listing.files()).extracting(p -> rel(docs, p)).containsExactly("sub/a.txt");
        assertThat(listing.outsideLinks()).isEqualTo(2);
        assertThat(SourceFiles.under(docs, null)).isEqualTo(listing.files());

        var followed = SourceFiles.list(docs, true, null);
        // passwd.txt is reached as ext/passwd.txt and as passwd.txt: listed once, by the first name
        assertThat(followed.files()).extracting(p -> rel(docs, p)).containsExactly("ext/passwd.txt", "ext/secret.md", "sub/a.txt");
        assertThat(followed.outsideLinks()).isZero();
    }

    @Test
    void aLinkIsListedWhenItsTargetHasNoPathOfItsOwnInTheWalk() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.createDirectories(docs.resolve(".drafts"));
        Files.writeString(docs.resolve(".drafts/x.md"), "x");
        Files.createSymbolicLink(docs.resolve("x.md"), Path.of(".drafts/x.md"));
        assertThat(SourceFiles.list(docs, false, null).files()).extracting(p -> rel(docs, p)).containsExactly("x.md");
    }

    private static String rel(Path docs, Path p) {
        return docs.toAbsolutePath().normalize().relativize(p).toString();
    }
}
