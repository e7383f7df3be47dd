package io.hone.rag.solr;

import io.hone.rag.eval.BeirCollection;
import io.hone.rag.index.IndexOptions;
import io.hone.rag.retrieve.Hit;
import io.hone.rag.retrieve.Retriever;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.impl.Http2SolrClient;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.cloud.DocCollection;
import org.apache.solr.common.cloud.Replica;
import org.apache.solr.common.cloud.Slice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One of the two nodes stops while queries stream in: every query is still answered, from the replicas on the other
 * node, with the same hits as before; after the node returns, each of its replicas holds every document of its shard
 * (count and a SHA-256 of the sorted ids, per replica, without distribution).
 */
class SolrFailoverTest {
    @TempDir
    Path tmp;

    @Test
    void queriesSurviveANodeAndItComesBackComplete() throws Exception {
        var cluster = LocalCluster.shared();
        var scifact = BeirCollection.load(SolrParityTest.SCIFACT, "test");
        Path corpus = Files.createDirectories(tmp.resolve("corpus")).resolve("corpus.jsonl");
        try (var lines = Files.lines(scifact.corpus())) {
            Files.write(corpus, lines.limit(1500).toList()); // a third of SciFact is enough to route 50 queries to both shards
        }
        try (var solr = SolrCollection.connect(LocalCluster.zk(cluster, "failover"))) {
            new SolrIndexer(solr, null, IndexOptions.DEFAULT, 2, 2, new PrintStream(PrintStream.nullOutputStream())).index(corpus);
            List<String> ids = solr.all(SolrFields.KIND_CHUNK, SolrFields.ID).stream().map(d -> (String) d.getFirstValue(SolrFields.ID)).toList();
            String checksum = checksum(ids);

            List<String> questions = new ArrayList<>(scifact.queries().values()).subList(0, 50);
            Retriever bm25 = new SolrRetrievers(solr).get("bm25");
            Map<String, List<Hit>> expected = new ConcurrentHashMap<>();
            for (String q : questions) expected.put(q, bm25.search(q, 10));

            var running = new AtomicBoolean(true);
            var answered = new AtomicInteger();
            var wrong = new ConcurrentHashMap<String, String>();
            Thread stream = Thread.ofPlatform().start(() -> {
                for (int i = 0; running.get(); i++) {
                    String q = questions.get(i % questions.size());
                    try {
                        List<Hit> got = bm25.search(q, 10);
                        if (!sameUpToTies(expected.get(q), got)) wrong.put(q, "different hits: " + got + " instead of " + expected.get(q));
                        answered.incrementAndGet();
                    } catch (RuntimeException e) {
                        wrong.put(q, e.toString());
                    }
                }
            });
            Thread.sleep(1000);
            int before = answered.get();
            cluster.stopNode(1);
            Thread.sleep(3000);
            int whileDown = answered.get() - before;
            cluster.startNode(1);
            waitAllActive(solr, 60);
            Thread.sleep(1000);
            running.set(false);
            stream.join();

            assertThat(wrong).as("queries not answered, or answered differently").isEmpty();
            assertThat(whileDown).as("queries answered while node 1 was down").isGreaterThan(5);
            assertThat(solr.count(SolrFields.KIND_CHUNK)).isEqualTo(ids.size());
            assertThat(checksum(solr.all(SolrFields.KIND_CHUNK, SolrFields.ID).stream().map(d -> (String) d.getFirstValue(SolrFields.ID)).toList()))
                    .isEqualTo(checksum);
            assertEveryReplicaComplete(solr, ids);
        }
    }

    /**
     * The same scores, and the same chunks above the last score: replicas of a shard order their segments differently,
     * so documents with equal scores may come in another order, or trade the last place.
     */
    static boolean sameUpToTies(List<Hit> a, List<Hit> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (Math.abs(a.get(i).score() - b.get(i).score()) > 1e-4f) return false;
        if (a.isEmpty()) return true;
        float last = a.getLast().score();
        var above = new TreeSet<String>(); var aboveB = new TreeSet<String>();
        for (Hit h : a) if (h.score() > last + 1e-4f) above.add(h.chunkId());
        for (Hit h : b) if (h.score() > last + 1e-4f) aboveB.add(h.chunkId());
        return above.equals(aboveB);
    }

    /** Each replica, asked alone (distrib=false), has its shard's documents; the shards together have all of them. */
    private static void assertEveryReplicaComplete(SolrCollection solr, List<String> ids) throws Exception {
        DocCollection state = solr.client().getClusterState().getCollection(solr.name());
        var union = new TreeSet<String>();
        for (Slice slice : state.getSlices()) {
            String shardChecksum = null;
            for (Replica r : slice.getReplicas()) {
                try (var http = new Http2SolrClient.Builder(r.getBaseUrl()).build()) {
                    List<String> got = new ArrayList<>();
                    var q = new SolrQuery("{!term f=kind}chunk").setFields(SolrFields.ID).setRows(ids.size()).setSort(SolrFields.ID, SolrQuery.ORDER.asc);
                    q.set("distrib", "false");
                    for (SolrDocument d : http.query(r.getCoreName(), q).getResults()) got.add((String) d.getFirstValue(SolrFields.ID));
                    String c = checksum(got);
                    if (shardChecksum == null) shardChecksum = c;
                    assertThat(c).as("replica %s of %s", r.getName(), slice.getName()).isEqualTo(shardChecksum);
                    union.addAll(got);
                }
            }
        }
        assertThat(checksum(new ArrayList<>(union))).isEqualTo(checksum(ids));
    }

    private static void waitAllActive(SolrCollection solr, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            var live = solr.client().getClusterState().getLiveNodes();
            DocCollection c = solr.client().getClusterState().getCollection(solr.name());
            if (c.getReplicas().stream().allMatch(r -> r.getState() == Replica.State.ACTIVE && live.contains(r.getNodeName()))) return;
            Thread.sleep(250);
        }
        throw new AssertionError("replicas not all active after " + seconds + " s");
    }

    static String checksum(List<String> ids) throws Exception {
        var md = MessageDigest.getInstance("SHA-256");
        for (String id : new TreeSet<>(ids)) md.update((id + "\n").getBytes(StandardCharsets.UTF_8));
        return ids.size() + ":" + HexFormat.of().formatHex(md.digest());
    }
}
