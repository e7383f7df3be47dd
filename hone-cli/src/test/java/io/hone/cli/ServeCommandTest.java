package io.hone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hone.eval.ArithmeticTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** {@code hone serve} as users run it, and {@code hone eval --endpoint} against it. */
class ServeCommandTest {
    static final Path TINY = Cli.FIXTURES.resolve("tiny-llama");
    static final Path ADAPTER = TINY.resolve("lora-all-linear/adapter_trained");
    static final Pattern URL = Pattern.compile("hone serve: (http://127\\.0\\.0\\.1:\\d+)/v1 serving (.*)");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /**
     * A child JVM runs {@code hone serve} on a free port; {@code hone eval --endpoint} (hone's OpenAI client) then scores
     * a generative and a multiple-choice task, on the base and on the adapter by name, exactly as {@code hone eval}
     * does in process: same scores, same per-example records (log-likelihoods within 1e-4); {@code hone rag ask
     * --endpoint} prints what {@code rag ask --adapter} prints in process. SIGTERM stops it cleanly.
     */
    @Test
    void evalAgainstServeEqualsLocalEvalAndSigtermStopsIt() throws Exception {
        Path gen = dir.resolve("arith.jsonl"), mc = dir.resolve("mc.jsonl");
        Files.writeString(gen, ArithmeticTask.jsonl(ArithmeticTask.make(8, 11)));
        Files.writeString(mc, """
                {"input": "The sky is", "choices": ["blue", "green", "a large animal"], "target": 0}
                {"input": "Two plus two is", "choices": ["four", "five"], "target": "four"}
                {"input": "The capital of France is", "choices": ["Paris", "London", "Rome"], "target": "Paris"}
                """);
        Path log = dir.resolve("serve.log");
        Process p = child(log, "serve", "--model", TINY.toString(), "--adapter", "lora=" + ADAPTER, "--port", "0");
        try {
            Matcher m = awaitListening(p, log);
            String url = m.group(1);
            assertThat(m.group(2)).isEqualTo("tiny-llama, lora");
            for (Path task : List.of(gen, mc)) {
                for (String served : List.of("tiny-llama", "lora")) {
                    List<String> local = new ArrayList<>(List.of("eval", "--task", task.toString(), "--model", TINY.toString()));
                    if (served.equals("lora")) local.addAll(List.of("--adapter", ADAPTER.toString()));
                    Path localOut = dir.resolve(served + "-local.jsonl"), remoteOut = dir.resolve(served + "-remote.jsonl");
                    Cli a = Cli.run(with(local, "--max-new-tokens", "12", "--out", localOut.toString(), "--quiet"));
                    Cli b = Cli.run("eval", "--task", task.toString(), "--model", served, "--endpoint", url, "--max-new-tokens", "12",
                            "--out", remoteOut.toString(), "--quiet");
                    assertThat(a.code()).as(a.err()).isZero();
                    assertThat(b.code()).as(b.err()).isZero();
                    assertThat(b.out()).contains("model " + url + "#" + served);
                    assertThat(scores(b.out())).as(task + " " + served).isEqualTo(scores(a.out())).isNotEmpty();
                    assertSameRecords(localOut, remoteOut);
                }
            }
            // hone rag ask: the same sources in the same prompt, answered by the adapter in process or by name over HTTP
            Path docs = dir.resolve("docs"), index = dir.resolve("index");
            Files.createDirectories(docs);
            Files.writeString(docs.resolve("lamp.md"), "# Lumo lamp\n\nThe Lumo lamp costs 42 euros and is made in Porto.\n");
            Files.writeString(docs.resolve("kettle.md"), "# Brio kettle\n\nThe Brio kettle holds 1.7 litres and is red.\n");
            assertThat(Cli.run("rag", "index", "--docs", docs.toString(), "--index", index.toString(), "--bm25-only").code()).isZero();
            Cli localAsk = Cli.run("rag", "ask", "--index", index.toString(), "--model", TINY.toString(), "--adapter", ADAPTER.toString(),
                    "-n", "12", "--context", "256", "How much is the Lumo lamp?");
            Cli remoteAsk = Cli.run("rag", "ask", "--index", index.toString(), "--endpoint", url, "--model", "lora",
                    "-n", "12", "--context", "256", "How much is the Lumo lamp?");
            assertThat(localAsk.code()).as(localAsk.err()).isZero();
            assertThat(remoteAsk.code()).as(remoteAsk.err()).isZero();
            assertThat(remoteAsk.out()).isEqualTo(localAsk.out()).contains("lamp.md");
            Cli both = Cli.run("rag", "ask", "--index", index.toString(), "--endpoint", url, "--model", "lora", "--adapter",
                    ADAPTER.toString(), "How much is the Lumo lamp?");
            assertThat(both.code()).isEqualTo(2);
            assertThat(both.err().strip()).isEqualTo("hone: --adapter, --quant and --dtype apply to a local --model folder; a server picks the adapter by --model name");
        } finally {
            p.destroy(); // SIGTERM, as Ctrl-C: the shutdown hook stops the server
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.readString(log)).contains("hone serve: stopped");
    }

    /** In process, as an embedding application runs it: the API key is enforced, and interrupting the thread stops it. */
    @Test
    void inProcessWithApiKeyStopsWhenInterrupted() throws Exception {
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var result = new AtomicReference<Cli>();
        Thread t = new Thread(() -> result.set(Cli.run("serve", "--model", TINY.toString(), "--port", String.valueOf(port),
                "--api-key", "sk-local", "--served-name", "tiny")));
        t.start();
        String base = "http://127.0.0.1:" + port;
        var http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (status(http, base + "/health", null) != 200) {
            assertThat(t.isAlive()).as("serve exited: %s", result.get()).isTrue();
            assertThat(System.nanoTime()).as("serve did not start").isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(status(http, base + "/v1/models", null)).isEqualTo(401);
        assertThat(status(http, base + "/v1/models", "sk-wrong")).isEqualTo(401);
        var models = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/models")).header("Authorization", "Bearer sk-local").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(models.body()).at("/data/0/id").asText()).isEqualTo("tiny");
        t.interrupt();
        t.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(t.isAlive()).isFalse();
        assertThat(result.get().code()).as(result.get().err()).isZero();
        assertThat(result.get().out().strip()).isEqualTo("hone serve: " + base + "/v1 serving tiny (API key required)");
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString()))
                .as("stopped: nothing listens any more").isInstanceOf(IOException.class);
    }

    /** A blank key would print "(API key required)" and check nothing; a repeated adapter name would let the last win. */
    @Test
    void blankApiKeyAndRepeatedAdapterNameAreRefused() {
        for (String blank : List.of("", "  ")) {
            Cli r = Cli.run("serve", "--model", TINY.toString(), "--api-key", blank, "--port", "0");
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("hone: --api-key must not be blank (leave it out to serve without a key)");
            assertThat(r.out()).doesNotContain("hone serve:");
        }
        assertThatThrownBy(() -> ServeCommand.apiKey(null, " ")).hasMessage("HONE_API_KEY is set but blank (unset it to serve without a key)");
        assertThat(ServeCommand.apiKey(null, null)).isNull();
        assertThat(ServeCommand.apiKey("k", "env")).isEqualTo("k");
        Path other = dir.resolve("B");
        Cli twice = Cli.run("serve", "--model", TINY.toString(), "--adapter", "lora=" + ADAPTER, "--adapter", "lora=" + other, "--port", "0");
        assertThat(twice.code()).as(twice.err()).isEqualTo(2);
        assertThat(twice.err().strip()).isEqualTo("hone: --adapter: the name 'lora' is given twice (" + ADAPTER + " and " + other
                + "); each adapter needs its own name");
        Cli noName = Cli.run("serve", "--model", TINY.toString(), "--adapter", ADAPTER.toString(), "--port", "0");
        assertThat(noName.code()).isEqualTo(2);
        assertThat(noName.err().strip()).isEqualTo("hone: --adapter '" + ADAPTER + "': expected NAME=DIR");
    }

    @Test
    void badArgumentsAreOneLineWithExitCode2() throws Exception {
        Cli missing = Cli.run("serve", "--model", dir.resolve("nope").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).startsWith("hone: --model ").contains("no such file or folder");
        Cli adapter = Cli.run("serve", "--model", TINY.toString(), "--adapter", "x=" + dir.resolve("nope"), "--port", "0");
        assertThat(adapter.code()).isEqualTo(2);
        assertThat(adapter.err()).startsWith("hone: --adapter x ");
        Cli same = Cli.run("serve", "--model", TINY.toString(), "--adapter", "tiny-llama=" + ADAPTER, "--port", "0");
        assertThat(same.code()).isEqualTo(2);
        assertThat(same.err().strip()).isEqualTo("hone: adapter name 'tiny-llama' is already served");
        for (String[] bad : new String[][]{{"--max-batch", "0", "--max-batch must be >= 1, got 0"}, {"--max-queue", "0", "--max-queue must be >= 1, got 0"},
                {"--request-timeout", "-1", "--request-timeout must be >= 0 seconds, got -1.0"}}) {
            Cli r = Cli.run("serve", "--model", TINY.toString(), bad[0], bad[1], "--port", "0");
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("hone: " + bad[2]);
        }
        Cli port = Cli.run("serve", "--model", TINY.toString(), "--port", "70000");
        assertThat(port.code()).isEqualTo(2);
        assertThat(port.err().strip()).isEqualTo("hone: --port must be in 0..65535, got 70000");
        try (var taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Cli busy = Cli.run("serve", "--model", TINY.toString(), "--port", String.valueOf(taken.getLocalPort()));
            assertThat(busy.code()).isEqualTo(2);
            assertThat(busy.err()).startsWith("hone: cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    private static int status(HttpClient http, String url, String key) throws InterruptedException {
        var b = HttpRequest.newBuilder(URI.create(url));
        if (key != null) b.header("Authorization", "Bearer " + key);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYet) {
            return -1;
        }
    }

    /** The score lines of eval's output (the first names the model, the last the time taken). */
    private static List<String> scores(String out) {
        return out.lines().filter(l -> l.matches("^(em|acc|acc_norm) .*")).toList();
    }

    private static void assertSameRecords(Path local, Path remote) throws IOException {
        List<String> a = Files.readAllLines(local), b = Files.readAllLines(remote);
        assertThat(b).hasSameSizeAs(a).isNotEmpty();
        for (int i = 0; i < a.size(); i++) {
            JsonNode x = JSON.readTree(a.get(i)), y = JSON.readTree(b.get(i));
            assertThat(fieldNames(y)).isEqualTo(fieldNames(x));
            for (Iterator<String> it = x.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (f.equals("loglikelihoods")) {
                    for (int k = 0; k < x.get(f).size(); k++) {
                        assertThat(y.get(f).get(k).asDouble()).as(a.get(i)).isCloseTo(x.get(f).get(k).asDouble(), within(1e-4));
                    }
                } else {
                    assertThat(y.get(f)).as(f + " of " + a.get(i)).isEqualTo(x.get(f));
                }
            }
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private Process child(Path log, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        var cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().remove("HONE_API_KEY");
        return pb.start();
    }

    /** Waits for serve's one line with the URL (a deadline only to fail instead of hanging). */
    private static Matcher awaitListening(Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            Matcher m = URL.matcher(text);
            if (m.find()) return m;
            assertThat(p.isAlive()).as(text).isTrue();
            assertThat(System.nanoTime()).as("serve did not start: " + text).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static String[] with(List<String> args, String... more) {
        var all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
