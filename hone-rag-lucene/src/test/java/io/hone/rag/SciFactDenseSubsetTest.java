package io.hone.rag;

import io.hone.rag.embed.Embedder;
import io.hone.rag.embed.Embedders;
import io.hone.rag.eval.BeirCollection;
import io.hone.rag.eval.RetrievalEval;
import io.hone.rag.index.Indexer;
import io.hone.rag.index.RagIndex;
import io.hone.rag.ingest.JsonlLoader;
import io.hone.rag.retrieve.Bm25Retriever;
import io.hone.rag.retrieve.Retrievers;
import org.junit.jupiter.api.Test;
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
 * Dense and hybrid retrieval with the bundled bge-small on a slice of SciFact small enough for CI on two
 * cores: the first 60 test queries, against their relevant abstracts plus each query's BM25 top 5 from the
 * full corpus (hard negatives). The full-collection numbers are in hone-rag/README.md.
 */
class SciFactDenseSubsetTest {
    static final int QUERIES = 60;

    @TempDir
    Path tmp;

    @Test
    void denseAndHybridOnASubset() throws Exception {
        var full = BeirCollection.load(SciFactBm25Test.SCIFACT, "test");
        Map<String, String> queries = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
        for (var q : full.queries().entrySet()) {
            if (queries.size() == QUERIES) break;
            queries.put(q.getKey(), q.getValue());
            qrels.put(q.getKey(), full.qrels().get(q.getKey()));
        }
        Set<String> keep = new LinkedHashSet<>();
        qrels.values().forEach(r -> keep.addAll(r.keySet()));
        Path bm25Full = tmp.resolve("bm25-full");
        new Indexer(bm25Full, null, io.hone.rag.index.IndexOptions.DEFAULT, new PrintStream(PrintStream.nullOutputStream())).index(full.corpus());
        try (var idx = RagIndex.open(bm25Full)) {
            var bm25 = new Bm25Retriever(idx);
            for (String q : queries.values()) bm25.search(q, 5).forEach(h -> keep.add(h.docId()));
        }
        Path dir = Files.createDirectories(tmp.resolve("subset"));
        List<String> lines = new ArrayList<>();
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (var d : new JsonlLoader().load(full.corpus(), "corpus.jsonl", s -> { })) {
            if (keep.contains(d.id())) lines.add(mapper.writeValueAsString(Map.of("_id", d.id(), "title", d.title(), "text", d.text())));
        }
        Files.write(dir.resolve("corpus.jsonl"), lines);
        var subset = new BeirCollection(dir, queries, qrels);

        Path index = tmp.resolve("index");
        long t0 = System.nanoTime();
        try (Embedder bge = Embedders.open("bge-small")) {
            new Indexer(index, bge, io.hone.rag.index.IndexOptions.DEFAULT, System.err).index(subset.corpus());
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        try (var idx = RagIndex.open(index); var retrievers = new Retrievers(idx)) {
            var results = new ArrayList<RetrievalEval.Result>();
            for (String name : List.of("bm25", "dense", "hybrid")) results.add(RetrievalEval.run(retrievers.get(name), subset));
            System.out.printf("subset: %d docs, %d queries, embedded+indexed in %.1f s%n%s", lines.size(), queries.size(), secs,
                    RetrievalEval.table(results));
            assertThat(results.get(1).ndcg10()).as("dense nDCG@10").isGreaterThan(0.6);
            assertThat(results.get(2).ndcg10()).as("hybrid nDCG@10").isGreaterThan(0.6);
        }
    }
}
