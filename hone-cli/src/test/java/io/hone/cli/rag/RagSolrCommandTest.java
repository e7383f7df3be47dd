package io.hone.cli.rag;

import io.hone.cli.Cli;
import io.hone.rag.solr.SolrClusterProcess;
import io.hone.rag.solr.SolrCollection;
import io.hone.rag.solr.SolrTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hone rag --backend solr} end to end on a real 2-node SolrCloud (hone-rag-solr-harness in a child JVM): index
 * into a new 2 × 2 collection, query through ZooKeeper and through the nodes' URLs, and bad input as one line, exit 2,
 * nothing written.
 */
class RagSolrCommandTest {
    @TempDir
    Path tmp;

    static void assertOneLineError(Cli r, String start) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("hone: " + start).doesNotContain("\n");
    }

    @Test
    void badOptionsAndUnreachableClustersAreOneLine() throws Exception {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("owls.md"), "# Owls\n\nBarn owls hunt by sound.");
        assertOneLineError(Cli.run("rag", "query", "--backend", "solr", "--solr-url", "http://127.0.0.1:1/solr", "--collection", "c", "owls"),
                "cannot reach Solr http://127.0.0.1:1/solr");
        assertOneLineError(Cli.run("rag", "index", "--backend", "solr", "--solr-zk", "127.0.0.1:1", "--collection", "c", "--docs", docs.toString(),
                "--bm25-only"), "cannot reach ZooKeeper 127.0.0.1:1");
        assertOneLineError(Cli.run("rag", "query", "--backend", "solr", "--solr-url", "http://127.0.0.1:1/solr", "owls"), "--backend solr needs --collection");
        assertOneLineError(Cli.run("rag", "query", "--backend", "elastic", "--index", "x", "owls"), "--backend: 'elastic' is not a backend");
        assertOneLineError(Cli.run("rag", "query", "--collection", "c", "--index", "x", "owls"), "--solr-zk, --solr-url and --collection need --backend solr");
    }

    @Test
    void indexQueryAndBadInputOnARealCluster() throws Exception {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("zebrafish.txt"), "The zebrafish heart regenerates after injury because cardiomyocytes divide again.");
        Files.writeString(docs.resolve("owls.md"), "# Owls\n\nBarn owls hunt by sound in complete darkness.");
        try (var cluster = SolrClusterProcess.start(Path.of("../hone-rag-solr-harness/target"), 2,
                Files.createDirectories(Path.of("target")).resolve("solr-cluster-cli.log"), Duration.ofSeconds(120))) {
            String zk = cluster.zk(), urls = String.join(",", cluster.urls());
            Cli index = Cli.run("rag", "index", "--backend", "solr", "--solr-zk", zk, "--collection", "notes", "--shards", "2", "--replicas", "2",
                    "--docs", docs.toString(), "--bm25-only");
            assertThat(index.code()).as(index.err()).isZero();
            assertThat(index.out()).contains("2 files: 2 indexed, 0 unchanged, 0 skipped, 0 removed; 2 documents, 2 chunks");
            Cli q = Cli.run("rag", "query", "--backend", "solr", "--solr-url", urls, "--collection", "notes", "-k", "1", "how do owls hunt?");
            assertThat(q.code()).as(q.err()).isZero();
            assertThat(q.out()).contains(" 1. ").contains("Owls  (owls.md)").contains("Barn owls hunt by sound").doesNotContain("zebrafish");

            assertOneLineError(Cli.run("rag", "query", "--backend", "solr", "--solr-zk", zk, "--collection", "missing", "owls"),
                    "solr:missing: no such collection on ZooKeeper " + zk);

            try (var c = SolrCollection.connect(SolrTarget.of(zk, null, "dim8"))) {
                c.create(8, 1, 1); // a collection whose vectors have 8 dimensions
                assertOneLineError(Cli.run("rag", "index", "--backend", "solr", "--solr-zk", zk, "--collection", "dim8", "--docs", docs.toString()),
                        "solr:dim8: vector dimension mismatch: the collection's vector field has 8 dimensions, embedder bge-small gives 384");
                c.client().commit("dim8");
                assertThat(c.count(null)).isZero();
                assertThat(c.stamp()).isNull();
            }
        }
    }
}
