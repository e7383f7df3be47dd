package io.hone.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code tiny-llama} (a real Llama with the Llama 2 tokenizer and chat template) served on 127.0.0.1 with the PEFT
 * adapter {@code lora}, and a plain HTTP client for it.
 */
final class TinyServer implements AutoCloseable {
    static final Path FIXTURES = Path.of(System.getProperty("hone.fixtures", "../shared/fixtures"));
    static final Path TINY = FIXTURES.resolve("tiny-llama");
    static final Path ADAPTER = TINY.resolve("lora-all-linear/adapter_trained");
    static final String BASE = "tiny-llama";
    static final String LORA = "lora";
    static final ObjectMapper JSON = new ObjectMapper();

    final ServedModels models;
    final HoneServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    private TinyServer(ServedModels models, HoneServer server) {
        this.models = models;
        this.server = server;
    }

    static TinyServer start() throws IOException {
        return start(BASE, Map.of(LORA, ADAPTER), ServeLimits.DEFAULTS);
    }

    static TinyServer start(String baseName, Map<String, Path> adapters, ServeLimits limits) throws IOException {
        ServedModels models = ServedModels.load(TINY, baseName, adapters, null, limits);
        return new TinyServer(models, HoneServer.start(models, HoneServer.Options.local(0, null)));
    }

    /**
     * Holds the compute thread (a task between decode steps) until the returned block is closed, so requests sent
     * meanwhile queue up in a known order and join the batch together.
     */
    AutoCloseable holdCompute() throws InterruptedException {
        var started = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        Thread t = Thread.ofVirtual().start(() -> models.exclusive(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }, Long.MAX_VALUE));
        started.await();
        return () -> {
            release.countDown();
            t.join();
        };
    }

    /** Waits until {@code n} requests wait in the queue (they were sent from other threads). */
    void awaitWaiting(int n) throws InterruptedException {
        for (int i = 0; models.scheduler().waiting() < n; i++) {
            if (i > 60_000) throw new AssertionError(models.scheduler().waiting() + " requests waiting, expected " + n);
            Thread.sleep(1);
        }
    }

    /** Sends on a virtual thread; the response when it comes. */
    java.util.concurrent.Future<Response> postAsync(String path, String json) {
        var task = new java.util.concurrent.FutureTask<>(() -> post(path, json));
        Thread.ofVirtual().start(task);
        return task;
    }

    /** A second server over the same models, with its own options. */
    HoneServer another(HoneServer.Options options) throws IOException {
        return HoneServer.start(models, options);
    }

    String url() {
        return server.url();
    }

    record Response(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** The {@code data:} payloads of a Server-Sent Events body, in order. */
        List<String> events() {
            List<String> out = new ArrayList<>();
            for (String block : body.split("\n\n")) {
                if (block.isBlank()) continue;
                if (!block.startsWith("data: ")) throw new AssertionError("not an SSE data event: " + block);
                out.add(block.substring("data: ".length()));
            }
            return out;
        }
    }

    Response post(String path, String json) {
        return send(url(), "POST", path, json, null);
    }

    Response get(String path) {
        return send(url(), "GET", path, null, null);
    }

    Response send(String base, String method, String path, String body, String apiKey) {
        var b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) b.header("Authorization", "Bearer " + apiKey);
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String json(Map<String, ?> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        server.close();
        models.close();
    }
}
