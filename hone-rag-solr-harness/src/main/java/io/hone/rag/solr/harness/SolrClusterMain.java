package io.hone.rag.solr.harness;

import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettySolrRunner;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real SolrCloud cluster in this process: one embedded ZooKeeper and N Jetty nodes (Solr's MiniSolrCloudCluster).
 * Prints {@code READY zk=HOST:PORT/solr urls=URL,URL} on stdout once every node is up, then reads commands from stdin,
 * one a line, answering each with one line: {@code stop I} (stop node I, answer {@code STOPPED I}), {@code start I}
 * (start it again on the same port, {@code STARTED I url=URL}). Stops the cluster and exits when stdin closes.
 * Solr's logging goes to stderr, so stdout carries only these lines. A temporary data folder is deleted at the end.
 *
 * <pre>java -cp "$(cat target/classpath.txt):target/classes" io.hone.rag.solr.harness.SolrClusterMain [--nodes 2] [--dir DIR]</pre>
 */
public final class SolrClusterMain {
    private SolrClusterMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err); // anything Solr prints goes to stderr
        int nodes = 2;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: SolrClusterMain [--nodes N] [--dir DIR]");
                    System.exit(2);
                }
            }
        }
        boolean temporary = dir == null;
        if (temporary) dir = Files.createTempDirectory("hone-solr-cluster");
        MiniSolrCloudCluster cluster = new MiniSolrCloudCluster.Builder(nodes, dir).build();
        Path data = dir;
        var stopped = new AtomicBoolean();
        Runnable stop = () -> { // at stdin's end, or on Ctrl-C / SIGTERM
            if (!stopped.compareAndSet(false, true)) return;
            try {
                cluster.shutdown();
            } catch (Exception e) {
                System.err.println("shutdown: " + e);
            }
            if (temporary) deleteTree(data);
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop));
        try {
            cluster.waitForAllNodes(60);
            List<JettySolrRunner> jetties = List.copyOf(cluster.getJettySolrRunners()); // the cluster's list drops stopped nodes
            protocol.println("READY zk=" + cluster.getZkServer().getZkAddress() + " urls=" + urls(cluster));
            var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                String[] cmd = line.strip().split("\\s+");
                try {
                    protocol.println(run(cluster, jetties, cmd));
                } catch (Exception e) {
                    protocol.println("ERROR " + line.strip() + ": " + e);
                }
            }
        } finally {
            stop.run();
        }
        System.exit(0); // Solr leaves non-daemon threads behind
    }

    private static String run(MiniSolrCloudCluster cluster, List<JettySolrRunner> jetties, String[] cmd) throws Exception {
        if (cmd.length == 2 && cmd[0].equals("stop")) {
            int i = Integer.parseInt(cmd[1]);
            JettySolrRunner jetty = jetties.get(i);
            cluster.stopJettySolrRunner(jetty);
            cluster.waitForJettyToStop(jetty);
            return "STOPPED " + i;
        }
        if (cmd.length == 2 && cmd[0].equals("start")) {
            int i = Integer.parseInt(cmd[1]);
            JettySolrRunner jetty = jetties.get(i);
            cluster.startJettySolrRunner(jetty, true);
            cluster.waitForNode(jetty, 60);
            return "STARTED " + i + " url=" + jetty.getBaseUrl();
        }
        return "ERROR unknown command: " + String.join(" ", cmd) + " (stop I, start I)";
    }

    private static String urls(MiniSolrCloudCluster cluster) {
        return cluster.getJettySolrRunners().stream().map(j -> j.getBaseUrl().toString()).collect(Collectors.joining(","));
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
