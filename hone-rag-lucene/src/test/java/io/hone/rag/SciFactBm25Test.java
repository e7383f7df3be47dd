package io.hone.rag;

import io.hone.rag.eval.BeirCollection;
import io.hone.rag.eval.RetrievalEval;
import io.hone.rag.index.Indexer;
import io.hone.rag.index.RagIndex;
import io.hone.rag.retrieve.Bm25Retriever;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** BM25 on BEIR SciFact (test split) against Anserini's published flat figure (nDCG@10 0.6789). */
class SciFactBm25Test {
    static final Path SCIFACT = Path.of(System.getProperty("hone.data", "../shared/data")).resolve("scifact");

    @Test
    void bm25MatchesAnserini(@TempDir Path dir) {
        var collection = BeirCollection.load(SCIFACT, "test");
        var report = new Indexer(dir, null, io.hone.rag.index.IndexOptions.DEFAULT, System.err).index(collection.corpus());
        assertThat(report.documents()).isEqualTo(5183);
        try (var index = RagIndex.open(dir)) {
            var r = RetrievalEval.run(new Bm25Retriever(index), collection);
            System.out.print(RetrievalEval.table(java.util.List.of(r)));
            System.out.printf("indexed %d chunks in %.1f s%n", report.chunks(), report.seconds());
            assertThat(r.ndcg10()).isGreaterThan(0.66);
        }
    }

    /** Whole abstracts, no chunking: Anserini's flat setup, which this reproduces to the fourth decimal. */
    @Test
    void flatBm25ReproducesAnserini(@TempDir Path dir) {
        var collection = BeirCollection.load(SCIFACT, "test");
        new Indexer(dir, null, new io.hone.rag.index.IndexOptions(100_000, 0, 32), new java.io.PrintStream(java.io.PrintStream.nullOutputStream()))
                .index(collection.corpus());
        try (var index = RagIndex.open(dir)) {
            var r = RetrievalEval.run(new Bm25Retriever(index), collection);
            assertThat(r.ndcg10()).isCloseTo(0.6789, org.assertj.core.api.Assertions.within(0.0006));
            assertThat(r.recall100()).isCloseTo(0.9253, org.assertj.core.api.Assertions.within(0.0006));
        }
    }
}
