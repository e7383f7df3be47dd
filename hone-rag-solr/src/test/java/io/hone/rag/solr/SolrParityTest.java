package io.hone.rag.solr;

import io.hone.rag.embed.Embedders;
import io.hone.rag.eval.BeirCollection;
import io.hone.rag.eval.RetrievalEval;
import io.hone.rag.index.IndexOptions;
import io.hone.rag.index.Indexer;
import io.hone.rag.index.RagIndex;
import io.hone.rag.ingest.JsonlLoader;
import io.hone.rag.retrieve.Hit;
import io.hone.rag.retrieve.Retriever;
import io.hone.rag.retrieve.Retrievers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Solr backend against the embedded Lucene index, on a real 2-node SolrCloud cluster with 2 shards × 2 replicas:
 * BM25 on all of SciFact (nDCG@10 within ±0.005, and the same scores per hit: ExactStatsCache makes the shards score
 * with collection-wide statistics), dense and hybrid on a slice embedded once with the real bge-small (±0.01).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SolrParityTest {
    static final Path SCIFACT = Path.of(System.getProperty("hone.data", "../../shared/data"), "scifact");
    static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    @TempDir
    Path tmp;
    SolrClusterProcess cluster;

    @BeforeAll
    void start() throws Exception {
        cluster = LocalCluster.shared();
    }

    @Test
    void bm25OnSciFactEqualsTheEmbeddedIndex() {
        var scifact = BeirCollection.load(SCIFACT, "test");
        Path lucene = tmp.resolve("lucene-bm25");
        new Indexer(lucene, null, IndexOptions.DEFAULT, QUIET).index(scifact.corpus());
        try (var solr = SolrCollection.connect(LocalCluster.zk(cluster, "scifact_bm25"))) {
            var report = new SolrIndexer(solr, null, IndexOptions.DEFAULT, 2, 2, QUIET).index(scifact.corpus());
            assertThat(report.documents()).isEqualTo(5183);
            try (var idx = RagIndex.open(lucene); var embedded = new Retrievers(idx); var remote = new SolrRetrievers(solr)) {
                assertThat(solr.count(SolrFields.KIND_CHUNK)).isEqualTo(idx.reader().numDocs() - 1); // less the file record
                var a = RetrievalEval.run(embedded.get("bm25"), scifact);
                var b = RetrievalEval.run(remote.get("bm25"), scifact);
                System.out.printf("SciFact BM25 nDCG@10: embedded %.4f, solr 2x2 %.4f; recall@100 %.4f / %.4f%n", a.ndcg10(), b.ndcg10(),
                        a.recall100(), b.recall100());
                assertThat(b.ndcg10()).isCloseTo(a.ndcg10(), org.assertj.core.data.Offset.offset(0.005));
                assertThat(b.recall100()).isCloseTo(a.recall100(), org.assertj.core.data.Offset.offset(0.005));
                assertSameTopHits(embedded.get("bm25"), remote.get("bm25"), firstQueries(scifact, 100), 1e-4, 0.99);
            }
        }
    }

    @Test
    void denseAndHybridOnASliceEqualTheEmbeddedIndex() throws Exception {
        var full = BeirCollection.load(SCIFACT, "test");
        var slice = slice(full, 25);
        try (var bge = Embedders.open("bge-small"); var cached = new CachedEmbedder(bge)) {
            Path lucene = tmp.resolve("lucene-dense");
            new Indexer(lucene, cached, IndexOptions.DEFAULT, QUIET).index(slice.corpus());
            try (var solr = SolrCollection.connect(LocalCluster.http(cluster, "scifact_slice"))) {
                new SolrIndexer(solr, cached, IndexOptions.DEFAULT, 2, 2, QUIET).index(slice.corpus());
                try (var idx = RagIndex.open(lucene); var embedded = new Retrievers(idx, () -> cached);
                     var remote = new SolrRetrievers(solr, () -> cached)) {
                    for (String name : List.of("bm25", "dense", "hybrid")) {
                        var a = RetrievalEval.run(embedded.get(name), slice);
                        var b = RetrievalEval.run(remote.get(name), slice);
                        System.out.printf("slice %s nDCG@10: embedded %.4f, solr %.4f%n", name, a.ndcg10(), b.ndcg10());
                        assertThat(b.ndcg10()).as(name).isCloseTo(a.ndcg10(), org.assertj.core.data.Offset.offset(name.equals("bm25") ? 0.005 : 0.01));
                    }
                    // cosine (Solr) and dot product (embedded) give the same (1 + cos) / 2 on unit vectors
                    assertSameTopHits(embedded.get("dense"), remote.get("dense"), slice, 1e-4, 0.98);
                }
            }
        }
    }

    /**
     * Per query, the top-10 chunk ids overlap (on average at least {@code minOverlap}: near-equal scores may trade the
     * last places) and every hit found by both scores alike.
     */
    static void assertSameTopHits(Retriever embedded, Retriever remote, BeirCollection c, double scoreTolerance, double minOverlap) {
        double overlap = 0;
        for (String q : c.queries().values()) {
            List<Hit> a = embedded.search(q, 10), b = remote.search(q, 10);
            Map<String, Float> scores = new LinkedHashMap<>();
            for (Hit h : a) scores.put(h.chunkId(), h.score());
            int both = 0;
            for (Hit h : b) {
                Float s = scores.get(h.chunkId());
                if (s == null) continue;
                both++;
                assertThat((double) h.score()).as("score of %s for '%s'", h.chunkId(), q)
                        .isCloseTo(s, org.assertj.core.data.Offset.offset(scoreTolerance * Math.max(1, s)));
            }
            overlap += a.isEmpty() ? 1 : (double) both / a.size();
        }
        assertThat(overlap / c.queries().size()).as("mean top-10 overlap").isGreaterThanOrEqualTo(minOverlap);
    }

    static BeirCollection firstQueries(BeirCollection c, int n) {
        Map<String, String> qs = new LinkedHashMap<>();
        for (var q : c.queries().entrySet()) if (qs.size() < n) qs.put(q.getKey(), q.getValue());
        return new BeirCollection(c.dir(), qs, c.qrels());
    }

    /** The first {@code queries} test queries, their relevant abstracts and every tenth other abstract (distractors). */
    BeirCollection slice(BeirCollection full, int queries) throws Exception {
        Map<String, String> qs = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
        for (var q : full.queries().entrySet()) {
            if (qs.size() == queries) break;
            qs.put(q.getKey(), q.getValue());
            qrels.put(q.getKey(), full.qrels().get(q.getKey()));
        }
        Set<String> keep = new LinkedHashSet<>();
        qrels.values().forEach(r -> keep.addAll(r.keySet()));
        Path dir = Files.createDirectories(tmp.resolve("slice"));
        List<String> lines = new ArrayList<>();
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        int i = 0;
        for (var d : new JsonlLoader().load(full.corpus(), "corpus.jsonl", s -> { })) {
            if (keep.contains(d.id()) || i++ % 80 == 0) lines.add(mapper.writeValueAsString(Map.of("_id", d.id(), "title", d.title(), "text", d.text())));
        }
        Files.write(dir.resolve("corpus.jsonl"), lines);
        return new BeirCollection(dir, qs, qrels);
    }
}
