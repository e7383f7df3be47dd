package io.hone.rag.solr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The tests' real cluster: 2 Solr nodes + ZooKeeper from hone-rag-solr-harness, started once per test JVM and shared
 * by the test classes (each uses its own collections), stopped when the JVM exits.
 */
final class LocalCluster {
    private static SolrClusterProcess shared;

    private LocalCluster() {
    }

    static synchronized SolrClusterProcess shared() throws Exception {
        if (shared == null) {
            shared = start();
            SolrClusterProcess c = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(c::close));
        }
        return shared;
    }

    private static SolrClusterProcess start() throws Exception {
        Path harness = Path.of(System.getProperty("hone.solr.harness", "../hone-rag-solr-harness/target"));
        Path log = Files.createDirectories(Path.of("target")).resolve("solr-cluster.log");
        return SolrClusterProcess.start(harness, 2, log, Duration.ofSeconds(120));
    }

    static SolrTarget zk(SolrClusterProcess cluster, String collection) {
        return SolrTarget.of(cluster.zk(), null, collection);
    }

    static SolrTarget http(SolrClusterProcess cluster, String collection) {
        return SolrTarget.of(null, String.join(",", cluster.urls()), collection);
    }
}
