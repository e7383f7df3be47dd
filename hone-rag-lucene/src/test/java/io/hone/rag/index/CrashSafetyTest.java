package io.hone.rag.index;

import io.hone.core.HoneException;
import io.hone.rag.eval.BeirCollection;
import io.hone.rag.eval.RetrievalEval;
import io.hone.rag.retrieve.Bm25Retriever;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** kill -9 of an indexing JVM leaves either no index or the previous commit, never a corrupt one; a re-run completes it. */
class CrashSafetyTest {
    static final Path SCIFACT = Path.of(System.getProperty("hone.data", "../shared/data")).resolve("scifact");
    static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    @TempDir
    Path tmp;

    @Test
    void killedIndexingLeavesTheLastCommitAndARerunMatchesACleanBuild() throws Exception {
        var collection = BeirCollection.load(SCIFACT, "test");
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.copy(collection.corpus(), docs.resolve("corpus.jsonl"));

        Path clean = tmp.resolve("clean");
        new Indexer(clean, null, io.hone.rag.index.IndexOptions.DEFAULT, QUIET).index(docs);
        RetrievalEval.Result expected = eval(clean, collection);

        // 1. killed during the first build: nothing committed, and the directory says so
        Path index = tmp.resolve("index");
        killWhileIndexing(docs, index);
        assertThatThrownBy(() -> RagIndex.open(index)).isInstanceOf(HoneException.class).hasMessageContaining("no committed index");

        // 2. the re-run builds it whole
        new Indexer(index, null, io.hone.rag.index.IndexOptions.DEFAULT, QUIET).index(docs);
        assertThat(metrics(eval(index, collection))).isEqualTo(metrics(expected));

        // 3. killed while re-indexing a changed file: the previous commit is still there, intact
        Files.writeString(docs.resolve("corpus.jsonl"), Files.readString(docs.resolve("corpus.jsonl"))
                + "{\"_id\": \"extra\", \"title\": \"x\", \"text\": \"quokka\"}\n");
        killWhileIndexing(docs, index);
        assertThat(metrics(eval(index, collection))).isEqualTo(metrics(expected));
        try (var idx = RagIndex.open(index)) {
            assertThat(new Bm25Retriever(idx).search("quokka", 1)).isEmpty();
        }
        var r = new Indexer(index, null, io.hone.rag.index.IndexOptions.DEFAULT, QUIET).index(docs);
        assertThat(r.indexed()).isEqualTo(1);
        try (var idx = RagIndex.open(index)) {
            assertThat(new Bm25Retriever(idx).search("quokka", 1)).isNotEmpty();
        }
    }

    static List<Double> metrics(RetrievalEval.Result r) {
        return List.of(r.ndcg10(), r.recall100(), r.mrr10());
    }

    static RetrievalEval.Result eval(Path index, BeirCollection c) {
        try (var idx = RagIndex.open(index)) {
            return RetrievalEval.run(new Bm25Retriever(idx), c);
        }
    }

    /** Starts a child JVM indexing docs, waits until it is adding chunks (its progress bar), then SIGKILLs it. */
    static void killWhileIndexing(Path docs, Path index) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), IndexChild.class.getName(),
                docs.toString(), index.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (InputStream err = p.getErrorStream()) {
            StringBuilder seen = new StringBuilder();
            int c;
            while ((c = err.read()) != -1) {
                seen.append((char) c);
                if (seen.indexOf("indexing [") >= 0) break;
            }
            assertThat(seen.toString()).as("child stderr").contains("indexing [");
            p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(p.exitValue()).isEqualTo(137);
    }
}
