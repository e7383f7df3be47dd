package io.hone.rag.solr;

import io.hone.core.HoneException;
import io.hone.rag.embed.Embedders;
import io.hone.rag.index.IndexOptions;
import io.hone.rag.index.IndexReport;
import io.hone.rag.index.Indexer;
import io.hone.rag.index.RagIndex;
import io.hone.rag.retrieve.Hit;
import io.hone.rag.retrieve.Retrievers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Incremental updates and deletes by file hash, and bad input (one clear line, nothing written), on the real cluster. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SolrIndexingTest {
    static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    @TempDir
    Path tmp;
    SolrClusterProcess cluster;

    @BeforeAll
    void start() throws Exception {
        cluster = LocalCluster.shared();
    }

    static String note(String topic, int n) {
        var s = new StringBuilder("# " + topic + "\n\n");
        for (int i = 0; i < n; i++) {
            s.append("The ").append(topic).append(" paragraph ").append(i).append(" explains how ").append(topic)
                    .append(" relates to indexing, shards and replicas in a search cluster.\n\n");
        }
        return s.toString();
    }

    @Test
    void updatesAndDeletesFollowTheFilesLikeTheEmbeddedIndex() throws Exception {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("alpha.md"), note("alpha", 40));
        Files.writeString(docs.resolve("beta.md"), note("beta", 40));
        Files.writeString(docs.resolve("gamma.txt"), note("gamma", 5));
        Path lucene = tmp.resolve("lucene");
        var options = new IndexOptions(128, 16, 8);
        try (var solr = SolrCollection.connect(LocalCluster.zk(cluster, "notes"))) {
            IndexReport first = new SolrIndexer(solr, null, options, 2, 2, QUIET).index(docs);
            new Indexer(lucene, null, options, QUIET).index(docs);
            assertThat(first.indexed()).isEqualTo(3);
            assertThat(solr.count(SolrFields.KIND_FILE)).isEqualTo(3);
            assertSameAsEmbedded(solr, lucene, first.chunks(), true);

            IndexReport again = new SolrIndexer(solr, null, options, 2, 2, QUIET).index(docs);
            assertThat(again.indexed()).isZero();
            assertThat(again.unchanged()).isEqualTo(3);

            Files.writeString(docs.resolve("alpha.md"), note("alpha", 10));                 // changed
            Files.delete(docs.resolve("beta.md"));                                          // gone
            Files.setLastModifiedTime(docs.resolve("gamma.txt"), FileTime.from(Instant.now().plusSeconds(5))); // touched
            Files.writeString(docs.resolve("copy.md"), note("alpha", 10));                  // same content as alpha.md
            IndexReport update = new SolrIndexer(solr, null, options, 2, 2, QUIET).index(docs);
            IndexReport embedded = new Indexer(lucene, null, options, QUIET).index(docs);
            assertThat(update).usingRecursiveComparison().ignoringFields("seconds", "embedSeconds").isEqualTo(embedded);
            assertThat(update.indexed()).isEqualTo(1);
            assertThat(update.removed()).isEqualTo(1);
            assertThat(update.skipped()).isEqualTo(1);
            assertThat(update.unchanged()).isEqualTo(1);
            try (var idx = RagIndex.open(lucene)) {
                assertSameAsEmbedded(solr, lucene, idx.reader().numDocs() - 2, false); // less the 2 file records
            }
            try (var r = new SolrRetrievers(solr)) {
                assertThat(r.get("bm25").search("beta", 10)).isEmpty();
                assertThat(solr.count(SolrFields.KIND_FILE)).isEqualTo(2);
            }
        }
    }

    /**
     * Same chunks, and the same chunks matching a few queries; with {@code sameScores}, each with the same BM25 score
     * (these notes have many ties, so not the order). After updates the scores may differ: Lucene keeps deleted
     * documents in the term statistics until their segment is merged or dropped, and the two indexes' segments differ.
     */
    private static void assertSameAsEmbedded(SolrCollection solr, Path lucene, int chunks, boolean sameScores) {
        assertThat(solr.count(SolrFields.KIND_CHUNK)).isEqualTo(chunks);
        try (var idx = RagIndex.open(lucene); var embedded = new Retrievers(idx); var remote = new SolrRetrievers(solr)) {
            for (String q : List.of("alpha paragraph 3", "how does gamma relate to shards?", "replicas AND (indexing)")) {
                Map<String, Float> a = scores(embedded.get("bm25").search(q, 1000)), b = scores(remote.get("bm25").search(q, 1000));
                assertThat(b.keySet()).as(q).isEqualTo(a.keySet());
                if (sameScores) a.forEach((id, score) -> assertThat(b.get(id)).as(id).isCloseTo(score, org.assertj.core.data.Offset.offset(1e-4f)));
            }
        }
    }

    private static Map<String, Float> scores(List<Hit> hits) {
        Map<String, Float> out = new TreeMap<>();
        for (Hit h : hits) out.put(h.chunkId() + " " + h.text().hashCode(), h.score());
        return out;
    }

    @Test
    void unreachableClusterIsOneClearLine() {
        assertThatThrownBy(() -> SolrCollection.connect(SolrTarget.of(null, "http://127.0.0.1:1/solr", "x")))
                .isInstanceOf(HoneException.class).hasMessageStartingWith("cannot reach Solr http://127.0.0.1:1/solr")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> SolrCollection.connect(SolrTarget.of("127.0.0.1:1", null, "x")))
                .isInstanceOf(HoneException.class).hasMessageStartingWith("cannot reach ZooKeeper 127.0.0.1:1")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void missingCollectionIsOneClearLine() {
        assertThatThrownBy(() -> SolrCollection.open(LocalCluster.http(cluster, "no_such_collection")))
                .isInstanceOf(HoneException.class).hasMessageStartingWith("solr:no_such_collection: no such collection on Solr http://");
    }

    @Test
    void dimensionMismatchWritesNothing() throws Exception {
        Path docs = Files.createDirectories(tmp.resolve("dim"));
        Files.writeString(docs.resolve("a.md"), note("delta", 3));
        try (var solr = SolrCollection.connect(LocalCluster.zk(cluster, "dim8")); var bge = Embedders.open("bge-small")) {
            solr.create(8, 2, 1); // an existing collection whose vectors have 8 dimensions
            assertThatThrownBy(() -> new SolrIndexer(solr, bge, IndexOptions.DEFAULT, 2, 2, QUIET).index(docs))
                    .isInstanceOf(HoneException.class)
                    .hasMessage("solr:dim8: vector dimension mismatch: the collection's vector field has 8 dimensions, embedder bge-small gives 384; "
                            + "index into a new --collection");
            solr.client().commit("dim8");
            assertThat(solr.count(null)).isZero();
            assertThat(solr.stamp()).isNull();
        }
    }
}
