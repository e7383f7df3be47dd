package io.hone.cli.rag;

import com.fasterxml.jackson.databind.JsonNode;
import io.hone.cli.Cli;
import io.hone.core.io.JsonFile;
import io.hone.improve.demo.BundledModel;
import io.hone.improve.demo.Catalogue;
import io.hone.rag.solr.SolrClusterProcess;
import io.hone.rag.solr.SolrCollection;
import io.hone.rag.solr.SolrTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hone eval --rag} and {@code hone improve} on a real 2-node SolrCloud (hone-rag-solr-harness in a child JVM),
 * with the bundled quickstart model on the demo catalogue: eval's per-example records equal the embedded index's on the
 * same documents (BM25), and a one-round improve run builds its collections and leaves commands that reproduce its
 * test scores from them.
 */
class EvalImproveSolrTest {
    static SolrClusterProcess cluster;
    static Path demo, docs, task, model;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        demo = dir;
        docs = dir.resolve("docs");
        task = dir.resolve("task.jsonl");
        Catalogue.writeDemo(8, docs, task); // as quickstart --smoke: pages of equal length, so BM25 ties
        model = BundledModel.copyTo(dir.resolve("model"));
        cluster = SolrClusterProcess.start(Path.of("../hone-rag-solr-harness/target"), 2,
                Files.createDirectories(Path.of("target")).resolve("solr-cluster-eval.log"), Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) cluster.close();
    }

    static List<String> lines(Path f) throws Exception {
        return Files.readAllLines(f);
    }

    /** An index run's summary without its timings. */
    static String counts(String out) {
        return out.substring(0, out.indexOf(" in "));
    }

    @Test
    void evalOnACollectionGivesTheEmbeddedIndexsRecords() throws Exception {
        Path index = tmp.resolve("index");
        Cli emb = Cli.run("rag", "index", "--docs", docs.toString(), "--index", index.toString(), "--bm25-only");
        assertThat(emb.code()).as(emb.err()).isZero();
        Cli solr = Cli.run("rag", "index", "--docs", docs.toString(), "--backend", "solr", "--solr-zk", cluster.zk(), "--collection", "demo",
                "--shards", "2", "--bm25-only");
        assertThat(solr.code()).as(solr.err()).isZero();
        assertThat(counts(solr.out())).isEqualTo(counts(emb.out())).contains("indexed");
        // pages tie on BM25 (the engines order ties differently: Lucene by indexing order, Solr by shard), so the records
        // below are equal only because grounding orders ties by chunk id
        int tied = 0;
        try (var open = new io.hone.rag.index.EmbeddedStore(index).open()) {
            var bm25 = open.get("bm25");
            for (String line : lines(task)) {
                var hits = bm25.search(read(line).get("input").asText(), 3);
                if (hits.size() == 3 && hits.get(1).score() == hits.get(2).score()) tied++;
            }
        }
        assertThat(tied).isPositive();

        String[] eval = {"eval", "--task", task.toString(), "--model", model.toString(), "--rag-k", "2", "--rag-retriever", "bm25",
                "--max-new-tokens", "12", "--quiet"};
        Path a = tmp.resolve("embedded.jsonl"), b = tmp.resolve("solr.jsonl");
        Cli e1 = Cli.run(Cli.concat(eval, "--rag", index.toString(), "--out", a.toString()));
        assertThat(e1.code()).as(e1.err()).isZero();
        Cli e2 = Cli.run(Cli.concat(eval, "--rag", "--backend", "solr", "--solr-url", String.join(",", cluster.urls()), "--collection", "demo",
                "--out", b.toString()));
        assertThat(e2.code()).as(e2.err()).isZero();
        // every record the same: the retrieved context in the prompt, the answer, its score, the retrieval metrics
        List<String> ra = lines(a), rb = lines(b);
        assertThat(ra).hasSize(40);
        assertThat(rb).isEqualTo(ra);
        assertThat(ra.stream().filter(l -> l.contains("\"doc_hit\":true")).count()).isGreaterThan(20);
        assertThat(ra.stream().map(l -> read(l).get("output").asText()).distinct().count()).isGreaterThan(5); // real answers, not one string
        // and the summary lines (score, retrieval metrics) but the timing line
        assertThat(e2.out().lines().skip(1).filter(l -> !l.contains(" s, ")).toList())
                .isEqualTo(e1.out().lines().skip(1).filter(l -> !l.contains(" s, ")).toList())
                .anyMatch(l -> l.startsWith("rag: context recall@2 "));
    }

    @Test
    void improveRetrievesFromCollectionsAndItsCommandsReproduceItsScores() throws Exception {
        Path out = tmp.resolve("run");
        Cli r = Cli.run("improve", "--task", task.toString(), "--model", model.toString(), "--docs", docs.toString(), "--backend", "solr",
                "--solr-zk", cluster.zk(), "--collection", "imp", "--rag-k", "1", "--chunk-tokens", "512", "--retrievers", "bm25", "--k", "2",
                "--max-new-tokens", "12", "--rank", "4", "--lr", "2e-3", "--lora-steps", "4", "--no-qlora", "--budget", "1rounds",
                "--parents", "2", "--minibatch", "6", "--patience", "2", "--out", out.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).contains("into solr:imp_c512 (512-token chunks, BM25 only)");
        assertThat(out.resolve("indexes")).doesNotExist();
        try (var c = SolrCollection.open(SolrTarget.of(cluster.zk(), null, "imp_c512"))) {
            assertThat(c.count("chunk")).isPositive();
            try (var pages = Files.list(docs)) {
                assertThat(c.count("file")).isEqualTo(pages.count()).isGreaterThan(3); // one page per category of the 8 products
            }
        }
        // every configuration with retrieval names its collection; its command gives the leaderboard's test score
        JsonNode lb = JsonFile.read(out.resolve("leaderboard.json"));
        List<JsonNode> rag = new ArrayList<>();
        for (JsonNode e : lb.get("entries")) if (e.get("rag").asBoolean()) rag.add(e);
        assertThat(rag).isNotEmpty();
        for (JsonNode e : rag) {
            assertThat(e.get("command").asText()).contains(" --rag --backend solr --solr-zk " + cluster.zk() + " --collection imp_c");
        }
        JsonNode e = rag.getFirst();
        String[] words = e.get("command").asText().split(" ");
        assertThat(words[0]).isEqualTo("./hone");
        Path records = tmp.resolve("reproduced.jsonl");
        Cli again = Cli.run(Cli.concat(Arrays.copyOfRange(words, 1, words.length), "--quiet", "--out", records.toString()));
        assertThat(again.code()).as(again.err()).isZero();
        double mean = lines(records).stream().mapToDouble(l -> read(l).get("score").asDouble()).average().orElseThrow();
        assertThat(mean).isEqualTo(e.get("score").asDouble(), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(again.out()).contains("rag: context recall@");
    }

    static JsonNode read(String line) {
        try {
            return JsonFile.MAPPER.readTree(line);
        } catch (Exception x) {
            throw new IllegalStateException(x);
        }
    }
}
