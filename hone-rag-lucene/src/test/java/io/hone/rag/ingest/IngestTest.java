package io.hone.rag.ingest;

import io.hone.core.HoneException;
import io.hone.rag.index.Indexer;
import io.hone.rag.index.RagIndex;
import io.hone.rag.retrieve.Bm25Retriever;
import io.hone.rag.retrieve.Hit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every format, bad files among good ones, and incremental re-indexing, on a real index in a temp dir. */
class IngestTest {
    @TempDir
    Path tmp;
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    Path docs() throws Exception {
        Path d = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(d.resolve("notes.txt"), "The zebrafish heart regenerates after injury.\n\nCardiomyocytes divide again.");
        Files.writeString(d.resolve("guide.md"), "# Fermentation Guide\n\nLactobacillus turns **lactose** into [lactic acid](https://x).\n");
        Files.writeString(d.resolve("page.html"), "<html><head><title>Volcano Page</title><script>var basalt=1</script></head>"
                + "<body><nav>menu</nav><h1>Volcanoes</h1><p>Obsidian forms when lava cools quickly.</p></body></html>");
        TestFiles.pdf(d.resolve("report.pdf"), "Glacier Report", "Moraines mark old glacier edges.", "Icebergs calve from tidewater glaciers.");
        Files.writeString(d.resolve("corpus.jsonl"), """
                {"_id": "b1", "title": "Penguins", "text": "Emperor penguins breed in the Antarctic winter."}
                not json at all
                {"_id": "b2", "title": "Owls", "text": "Barn owls hunt by sound."}
                """);
        Files.createDirectories(d.resolve("empty-sub"));
        Files.createDirectories(d.resolve(".hidden")).resolve("secret.txt");
        Files.writeString(d.resolve(".hidden").resolve("secret.txt"), "hidden quokka");
        Files.writeString(d.resolve("ignored.csv"), "a,b");
        return d;
    }

    io.hone.rag.index.IndexReport index(Path docs, Path index) {
        return new Indexer(index, null, new io.hone.rag.index.IndexOptions(128, 16, 8), err).index(docs);
    }

    List<Hit> search(Path index, String q) {
        try (var idx = RagIndex.open(index)) {
            return new Bm25Retriever(idx).search(q, 5);
        }
    }

    @Test
    void indexesEveryFormatWithItsMetadata() throws Exception {
        Path docs = docs(), index = tmp.resolve("index");
        var r = index(docs, index);
        assertThat(r.files()).isEqualTo(5);
        assertThat(r.indexed()).isEqualTo(5);
        assertThat(r.documents()).isEqualTo(1 + 1 + 1 + 2 + 2);
        assertThat(errBytes.toString()).contains("corpus.jsonl: line 2: not JSON");

        assertThat(search(index, "zebrafish heart")).first().satisfies(h -> {
            assertThat(h.title()).isEqualTo("notes");
            assertThat(h.source()).isEqualTo("notes.txt");
        });
        assertThat(search(index, "lactose")).first().satisfies(h -> {
            assertThat(h.title()).isEqualTo("Fermentation Guide");
            assertThat(h.text()).contains("Lactobacillus turns lactose into lactic acid.").doesNotContain("**", "](");
        });
        assertThat(search(index, "obsidian lava")).first().extracting(Hit::title).isEqualTo("Volcano Page");
        assertThat(search(index, "basalt menu")).isEmpty();
        assertThat(search(index, "icebergs")).first().satisfies(h -> {
            assertThat(h.title()).isEqualTo("Glacier Report");
            assertThat(h.page()).isEqualTo(2);
            assertThat(h.docId()).isEqualTo("report.pdf#page=2");
        });
        assertThat(search(index, "penguins")).first().extracting(Hit::docId).isEqualTo("b1");
        assertThat(search(index, "quokka")).isEmpty();
    }

    @Test
    void badFilesAreReportedOneByOneAndTheRestIndexed() throws Exception {
        Path docs = docs(), index = tmp.resolve("index");
        Files.write(docs.resolve("broken.pdf"), "%PDF-1.7 this is not really a pdf".getBytes(StandardCharsets.US_ASCII));
        Files.write(docs.resolve("binary.txt"), new byte[]{'a', 0, 1, 2, 3, (byte) 0xff});
        Files.write(docs.resolve("latin1.txt"), "Café crème brûlée".getBytes(StandardCharsets.ISO_8859_1));
        var r = index(docs, index);
        String msgs = errBytes.toString(StandardCharsets.UTF_8);
        assertThat(msgs).contains("hone: broken.pdf: skipped: unreadable PDF")
                .contains("hone: binary.txt: skipped: binary content (NUL byte at offset 1), not text")
                .contains("hone: latin1.txt: not valid UTF-8; read as windows-1252");
        assertThat(r.skipped()).isEqualTo(2);
        assertThat(r.indexed()).isEqualTo(6);
        assertThat(search(index, "crème brûlée")).first().extracting(Hit::text).isEqualTo("Café crème brûlée");
        assertThat(search(index, "zebrafish")).isNotEmpty();
    }

    @Test
    void reindexTouchesOnlyWhatChanged() throws Exception {
        Path docs = docs(), index = tmp.resolve("index");
        index(docs, index);
        var again = index(docs, index);
        assertThat(again.indexed()).isZero();
        assertThat(again.unchanged()).isEqualTo(5);

        Files.writeString(docs.resolve("notes.txt"), "Axolotls regrow limbs.");
        Files.setLastModifiedTime(docs.resolve("guide.md"), FileTime.fromMillis(System.currentTimeMillis() + 5000)); // touched only
        Files.delete(docs.resolve("page.html"));
        Files.copy(docs.resolve("report.pdf"), docs.resolve("report-copy.pdf"));
        var r = index(docs, index);
        assertThat(r.indexed()).isEqualTo(1);
        assertThat(r.unchanged()).isEqualTo(3);
        assertThat(r.removed()).isEqualTo(1);
        assertThat(r.skipped()).isEqualTo(1);
        assertThat(errBytes.toString()).contains("report-copy.pdf: skipped: same content as");
        assertThat(search(index, "axolotls")).hasSize(1);
        assertThat(search(index, "zebrafish")).isEmpty();
        assertThat(search(index, "obsidian")).isEmpty();
        assertThat(search(index, "lactose")).hasSize(1);
        assertThat(search(index, "icebergs")).hasSize(1);
    }

    @Test
    void emptyFolderIsAClearError() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("nothing"));
        assertThatThrownBy(() -> index(empty, tmp.resolve("index"))).isInstanceOf(HoneException.class)
                .hasMessage(empty + ": no .txt, .md, .html, .pdf, .jsonl files found");
        assertThat(tmp.resolve("index")).doesNotExist();
    }

    @Test
    void refusesToWriteIntoAFolderThatIsNotAnIndex() throws Exception {
        Path docs = docs();
        assertThatThrownBy(() -> index(docs, docs)).isInstanceOf(HoneException.class)
                .hasMessage(docs + ": not empty and not an index; give a new or empty directory");
    }
}
