package io.hone.cli;

import io.hone.core.HoneException;
import io.hone.core.hub.HubRepoId;
import io.hone.server.HoneServer;
import io.hone.server.ServeLimits;
import io.hone.server.ServedModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a model over an OpenAI-compatible HTTP API (/v1/completions, /v1/chat/completions, /v1/models, "
                + "/health), with PEFT adapters selected by the request's \"model\" name. Ctrl-C stops it.")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model folder or Hub id owner/name[@revision].")
    String model;
    @Option(names = "--adapter", paramLabel = "NAME=DIR", description = "PEFT adapter folder or Hub id, served as model NAME (repeatable, each NAME once).")
    List<String> adapters = new ArrayList<>();
    @Option(names = "--served-name", description = "Name of the base model in requests and /v1/models (default: the folder name, or the Hub id).")
    String servedName;
    @Mixin
    QuantOptions quant;
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;
    @Option(names = "--port", defaultValue = "8000", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;
    @Option(names = "--api-key", description = "Require Authorization: Bearer KEY on /v1/... (default: the HONE_API_KEY environment variable; none when unset).")
    String apiKey;
    @Option(names = "--max-batch", defaultValue = "" + ServeLimits.DEFAULT_MAX_BATCH,
            description = "Requests decoded together (continuous batching; default ${DEFAULT-VALUE}; 1 = one at a time).")
    int maxBatch;
    @Option(names = "--max-queue", defaultValue = "" + ServeLimits.DEFAULT_MAX_QUEUE,
            description = "Requests waiting to join the batch; beyond, 429 with Retry-After (default ${DEFAULT-VALUE}).")
    int maxQueue;
    @Option(names = "--request-timeout", paramLabel = "SECONDS", defaultValue = "0",
            description = "End a request still waiting or generating this long after it was queued: 504, or an error event when streaming (default 0: no limit).")
    double requestTimeout;

    @Override
    public Integer call() throws IOException {
        if (port < 0 || port > 65535) throw new HoneException("--port must be in 0..65535, got " + port);
        ServeLimits limits = limits(maxBatch, maxQueue, requestTimeout);
        String key = apiKey(apiKey, System.getenv("HONE_API_KEY"));
        Map<String, String> named = adapterArgs(adapters);
        var q = quant.config();
        Path dir = Hub.local(Path.of(model), "--model");
        Map<String, Path> adapterDirs = new LinkedHashMap<>();
        named.forEach((name, path) -> adapterDirs.put(name, Hub.local(Path.of(path), "--adapter " + name)));
        ServedModels models = ServedModels.load(dir, servedName != null ? servedName : defaultName(model), adapterDirs, q, limits);
        HoneServer server;
        try {
            server = HoneServer.start(models, new HoneServer.Options(host, port, key, HoneServer.Options.DEFAULT_MAX_BODY_BYTES));
        } catch (IOException e) {
            models.close();
            throw new HoneException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        var stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> { // Ctrl-C / SIGTERM: finish what runs (up to 5 s), then exit
            server.stop(5);
            System.err.println("hone serve: stopped");
            stopped.countDown();
        }, "hone-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println("hone serve: " + server.url() + "/v1 serving " + String.join(", ", models.all().stream().map(ServedModels.Served::name).toList())
                + (key != null ? " (API key required)" : ""));
        try {
            stopped.await();
        } catch (InterruptedException e) { // run in-process (tests, embedding): interrupting the thread stops it
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
                server.stop(0);
                models.close();
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook stops the server
            }
        }
        return 0;
    }

    static ServeLimits limits(int maxBatch, int maxQueue, double timeoutSeconds) {
        if (maxBatch < 1) throw new HoneException("--max-batch must be >= 1, got " + maxBatch);
        if (maxQueue < 1) throw new HoneException("--max-queue must be >= 1, got " + maxQueue);
        if (!(timeoutSeconds >= 0)) throw new HoneException("--request-timeout must be >= 0 seconds, got " + timeoutSeconds);
        return new ServeLimits(maxBatch, maxQueue, Duration.ofNanos(Math.round(timeoutSeconds * 1e9)));
    }

    /** {@code --api-key}, else the environment's key, else null (open); a blank key would look set but check nothing. */
    static String apiKey(String option, String env) {
        if (option != null) {
            if (option.isBlank()) throw new HoneException("--api-key must not be blank (leave it out to serve without a key)");
            return option;
        }
        if (env != null && env.isBlank()) throw new HoneException("HONE_API_KEY is set but blank (unset it to serve without a key)");
        return env;
    }

    /** {@code NAME=DIR} arguments by name, in order; a name given twice is refused rather than the last one winning. */
    static Map<String, String> adapterArgs(List<String> args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0 || eq == a.length() - 1) throw new HoneException("--adapter '" + a + "': expected NAME=DIR");
            String name = a.substring(0, eq), path = a.substring(eq + 1);
            String before = out.putIfAbsent(name, path);
            if (before != null) {
                throw new HoneException("--adapter: the name '" + name + "' is given twice (" + before + " and " + path + "); each adapter needs its own name");
            }
        }
        return out;
    }

    /** A folder's name, or {@code owner/name} for a Hub id (as vLLM names a model by its --model argument). */
    static String defaultName(String model) {
        Path p = Path.of(model);
        if (!Files.exists(p)) {
            var id = HubRepoId.parse(model);
            if (id.isPresent()) return id.get().repo();
        }
        Path name = p.toAbsolutePath().normalize().getFileName();
        return name == null ? model : name.toString();
    }
}
