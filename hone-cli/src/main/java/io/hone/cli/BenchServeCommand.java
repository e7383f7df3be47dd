package io.hone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hone.core.io.JsonFile;
import io.hone.core.kernel.Parallel;
import io.hone.core.model.ModelConfigLoader;
import io.hone.server.HoneServer;
import io.hone.server.ServeLimits;
import io.hone.server.ServedModels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serving throughput: starts hone serve on 127.0.0.1 with a random-weight model (or --model DIR) and "
                + "random LoRA adapters, and runs concurrent HTTP clients spread over the adapters, once with --max-batch 1 "
                + "(one request at a time) and once batched; checks that both give the same text (greedy). Prints tokens/s and "
                + "p50/p95 latency of both; ends with a JSON line.")
public final class BenchServeCommand implements Callable<Integer> {
    @Mixin
    BenchModelOptions bench;
    @Option(names = "--clients", defaultValue = "16", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
    int clients;
    @Option(names = "--requests", defaultValue = "2", description = "Requests per client, one after another (default ${DEFAULT-VALUE}).")
    int requests;
    @Option(names = "--adapters", defaultValue = "4", description = "Random LoRA adapters; client i asks for adapter i mod N (default ${DEFAULT-VALUE}).")
    int adapters;
    @Option(names = "--rank", defaultValue = "16", description = "LoRA rank of the adapters (default ${DEFAULT-VALUE}).")
    int rank;
    @Option(names = "--prompt-tokens", defaultValue = "32", description = "Prompt tokens per request, random model (default ${DEFAULT-VALUE}).")
    int promptTokens;
    @Option(names = "--new", defaultValue = "64", description = "New tokens per request (greedy, EOS ignored; default ${DEFAULT-VALUE}).")
    int newTokens;
    @Option(names = "--max-batch", defaultValue = "16", description = "The batched run's --max-batch (default ${DEFAULT-VALUE}).")
    int maxBatch;

    /** One run's figures: completion tokens over the wall time, request latencies, and each request's text (client-major). */
    record Run(int maxBatch, long tokens, double seconds, double p50, double p95, List<String> texts) {
        double tokensPerSecond() {
            return tokens / seconds;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (adapters < 1 || clients < 1 || requests < 1) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                "--adapters, --clients and --requests must be >= 1");
        try (BenchModelOptions.Folder folder = bench.open()) {
            int vocab = ModelConfigLoader.load(folder.dir()).vocabSize();
            try (BenchServeFolders served = BenchServeFolders.write(folder.dir(), folder.temporary(), adapters, rank, vocab)) {
                Run serial = run(served, 1, vocab);
                Run batched = run(served, maxBatch, vocab);
                for (Run r : List.of(serial, batched)) {
                    System.err.printf(Locale.ROOT, "max-batch %d: %d tokens in %.2f s = %.2f tokens/s, latency p50 %.2f s, p95 %.2f s%n",
                            r.maxBatch(), r.tokens(), r.seconds(), r.tokensPerSecond(), r.p50(), r.p95());
                }
                System.out.printf(Locale.ROOT, "{\"bench\":\"serve\",\"shape\":\"%s\",\"threads\":%d,\"clients\":%d,\"requests_per_client\":%d,"
                                + "\"adapters\":%d,\"rank\":%d,\"new_tokens\":%d,\"max_batch\":%d,\"serial_tokens_per_s\":%.2f,"
                                + "\"batched_tokens_per_s\":%.2f,\"ratio\":%.2f,\"serial_p50_s\":%.3f,\"serial_p95_s\":%.3f,"
                                + "\"batched_p50_s\":%.3f,\"batched_p95_s\":%.3f,\"same_text\":%b}%n",
                        bench.label(), Parallel.threads(), clients, requests, adapters, rank, newTokens, maxBatch,
                        serial.tokensPerSecond(), batched.tokensPerSecond(), batched.tokensPerSecond() / serial.tokensPerSecond(),
                        serial.p50(), serial.p95(), batched.p50(), batched.p95(), serial.texts().equals(batched.texts()));
                return serial.texts().equals(batched.texts()) ? 0 : 1;
            }
        }
    }

    private Run run(BenchServeFolders served, int batch, int vocab) throws Exception {
        var limits = new ServeLimits(batch, Math.max(ServeLimits.DEFAULT_MAX_QUEUE, clients), Duration.ZERO);
        try (ServedModels models = ServedModels.load(served.model, "bench", served.adapters, null, limits);
             HoneServer server = HoneServer.start(models, HoneServer.Options.local(0, null));
             HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<String> names = new ArrayList<>(served.adapters.keySet());
            complete(http, server.url(), names.getFirst(), BenchServeFolders.prompt(new SplittableRandom(0), promptTokens, vocab)); // warm-up: JIT
            long t0 = System.nanoTime();
            List<Future<List<Answer>>> perClient = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String adapter = names.get(c % names.size());
                var rnd = new SplittableRandom(1000 + c);
                perClient.add(pool.submit(() -> {
                    List<Answer> out = new ArrayList<>();
                    for (int i = 0; i < requests; i++) {
                        long s = System.nanoTime();
                        Answer a = complete(http, server.url(), adapter, BenchServeFolders.prompt(rnd, promptTokens, vocab));
                        out.add(new Answer(a.text(), a.tokens(), (System.nanoTime() - s) / 1e9));
                    }
                    return out;
                }));
            }
            long tokens = 0;
            double[] latencies = new double[clients * requests];
            List<String> texts = new ArrayList<>();
            int n = 0;
            for (Future<List<Answer>> f : perClient) {
                for (Answer a : f.get()) {
                    latencies[n++] = a.seconds();
                    tokens += a.tokens();
                    texts.add(a.text());
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Arrays.sort(latencies);
            return new Run(batch, tokens, seconds, percentile(latencies, 0.50), percentile(latencies, 0.95), texts);
        }
    }

    private record Answer(String text, long tokens, double seconds) {}

    /** One non-streaming completion: its text and completion token count. */
    private Answer complete(HttpClient http, String url, String model, String prompt) throws Exception {
        String body = JsonFile.MAPPER.writeValueAsString(Map.of("model", model, "prompt", prompt, "max_tokens", newTokens,
                "temperature", 0, "ignore_eos", true));
        var req = HttpRequest.newBuilder(URI.create(url + "/v1/completions")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
        JsonNode json = JsonFile.MAPPER.readTree(r.body());
        return new Answer(json.get("choices").get(0).get("text").asText(), json.get("usage").get("completion_tokens").asLong(), 0);
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
