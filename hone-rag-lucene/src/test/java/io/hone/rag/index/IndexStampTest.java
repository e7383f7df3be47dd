package io.hone.rag.index;

import io.hone.core.HoneException;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexStampTest {
    @TempDir
    Path tmp;

    Path build() throws Exception {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("a.txt"), "hello world");
        Path index = tmp.resolve("index");
        new Indexer(index, null, io.hone.rag.index.IndexOptions.DEFAULT, new PrintStream(PrintStream.nullOutputStream())).index(docs);
        return index;
    }

    static void recommit(Path index, Map<String, String> userData) throws Exception {
        try (var dir = FSDirectory.open(index); var w = new IndexWriter(dir, new IndexWriterConfig())) {
            var d = new Document();
            d.add(new StringField("x", "y", Field.Store.NO));
            w.addDocument(d);
            w.setLiveCommitData(userData.entrySet());
            w.commit();
        }
    }

    @Test
    void stampRoundTrips() throws Exception {
        Path index = build();
        try (var idx = RagIndex.open(index)) {
            assertThat(idx.stamp()).isEqualTo(new IndexStamp(IndexStamp.FORMAT, "none", 0, Analyzers.NAME, 512, 64));
        }
    }

    @Test
    void anotherFormatVersionIsAClearError() throws Exception {
        Path index = build();
        var data = new java.util.HashMap<>(RagIndex.readStamp(index).toUserData());
        data.put("hone.rag.format", "0");
        recommit(index, data);
        assertThatThrownBy(() -> RagIndex.open(index)).isInstanceOf(HoneException.class)
                .hasMessage(index + ": index format 0, this hone reads format 1: rebuild it with `hone rag index` into a new directory");
        assertThatThrownBy(() -> new Indexer(index, null, io.hone.rag.index.IndexOptions.DEFAULT, System.err).index(tmp.resolve("docs")))
                .isInstanceOf(HoneException.class).hasMessageContaining("index format 0");
    }

    @Test
    void aLuceneIndexNotWrittenByHoneIsAClearError() throws Exception {
        Path index = Files.createDirectories(tmp.resolve("foreign"));
        recommit(index, Map.of());
        assertThatThrownBy(() -> RagIndex.open(index)).isInstanceOf(HoneException.class)
                .hasMessage(index + ": a Lucene index, but not one written by hone rag (no hone.rag.format in its commit)");
    }

    @Test
    void missingOrEmptyIndexDirIsAClearError() throws Exception {
        assertThatThrownBy(() -> RagIndex.open(tmp.resolve("nope"))).hasMessage(tmp.resolve("nope") + ": index directory not found (build one with `hone rag index`)");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> RagIndex.open(empty)).hasMessage(empty + ": no committed index here (build one with `hone rag index`)");
    }

    @Test
    void embedderMismatchOnReindexIsAClearError() throws Exception {
        Path index = build();
        var data = new java.util.HashMap<>(RagIndex.readStamp(index).toUserData());
        data.put("hone.rag.embedder", "minilm");
        recommit(index, data);
        assertThatThrownBy(() -> new Indexer(index, null, io.hone.rag.index.IndexOptions.DEFAULT, System.err).index(tmp.resolve("docs")))
                .isInstanceOf(HoneException.class)
                .hasMessage(index + ": index was built with embedder minilm; re-index with the same --embedder minilm or into a new directory");
    }
}
