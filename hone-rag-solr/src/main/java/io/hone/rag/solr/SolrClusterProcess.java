package io.hone.rag.solr;

import io.hone.core.HoneException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A local SolrCloud cluster run by hone-rag-solr-harness in a child JVM with the harness's own classpath (Solr 9.10 and
 * its Lucene 9.12, which cannot share a classpath with the embedded backend's Lucene 10). Talks to it over its
 * stdin/stdout line protocol ({@code READY zk=.. urls=..}, {@code stop I}, {@code start I}); closing stops it.
 */
public final class SolrClusterProcess implements AutoCloseable {
    private static final String MAIN = "io.hone.rag.solr.harness.SolrClusterMain";

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final String zk;
    private final List<String> urls;

    private SolrClusterProcess(Process process, Duration timeout) throws IOException, InterruptedException {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread.ofPlatform().daemon().name("solr-cluster-stdout").start(() -> {
            try {
                for (String l; (l = reader.readLine()) != null; ) lines.add(l);
            } catch (IOException ignored) {
                // the process ended
            }
            lines.add("EOF");
        });
        String ready = next("READY", timeout);
        String[] parts = ready.split(" ");
        this.zk = parts[1].substring("zk=".length());
        this.urls = List.of(parts[2].substring("urls=".length()).split(","));
    }

    /**
     * Starts {@code nodes} Solr nodes and one ZooKeeper.
     *
     * @param harness the harness module's {@code target} folder ({@code classpath.txt} + {@code classes/})
     * @param log     where the cluster's stderr (Solr's warnings) goes
     */
    public static SolrClusterProcess start(Path harness, int nodes, Path log, Duration timeout) {
        Path cpFile = harness.resolve("classpath.txt"), classes = harness.resolve("classes");
        if (!Files.isRegularFile(cpFile) || !Files.isDirectory(classes)) {
            throw new HoneException(harness + ": no built harness (classpath.txt, classes/); build it with "
                    + "`mvn -q -DskipTests package -pl hone-rag-solr-harness -am`");
        }
        try {
            String cp = Files.readString(cpFile).strip() + java.io.File.pathSeparator + classes;
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(Arrays.asList(java, "-Xmx1g", "-XX:+UseSerialGC", "-cp", cp, MAIN, "--nodes", Integer.toString(nodes)));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            try {
                return new SolrClusterProcess(p, timeout);
            } catch (RuntimeException | IOException | InterruptedException e) {
                p.destroyForcibly();
                throw e;
            }
        } catch (IOException e) {
            throw new HoneException("cannot start the Solr cluster: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HoneException("interrupted while starting the Solr cluster", e);
        }
    }

    /** ZooKeeper's address with the cluster's chroot ({@code 127.0.0.1:PORT/solr}), for {@code --solr-zk}. */
    public String zk() {
        return zk;
    }

    /** The nodes' base URLs ({@code http://127.0.0.1:PORT/solr}), for {@code --solr-url}. */
    public List<String> urls() {
        return urls;
    }

    public void stopNode(int i) {
        command("stop " + i, "STOPPED " + i);
    }

    /** Starts node {@code i} again on its port and waits until it is live. */
    public void startNode(int i) {
        command("start " + i, "STARTED " + i);
    }

    private synchronized void command(String line, String expected) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
            next(expected, Duration.ofSeconds(90));
        } catch (IOException e) {
            throw new HoneException("Solr cluster process: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HoneException("interrupted", e);
        }
    }

    private String next(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String l = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (l == null) throw new HoneException("Solr cluster process: no '" + prefix + "' within " + timeout.toSeconds() + " s");
            if (l.equals("EOF")) throw new HoneException("Solr cluster process ended before '" + prefix + "' (exit " + exit() + ")");
            if (l.startsWith("ERROR")) throw new HoneException("Solr cluster process: " + l);
            if (l.startsWith(prefix)) return l;
        }
    }

    private String exit() throws InterruptedException {
        return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
    }

    /** Closes its stdin (the harness then shuts the cluster down) and waits; kills it after 60 s. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
