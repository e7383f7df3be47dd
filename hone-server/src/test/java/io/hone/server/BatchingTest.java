package io.hone.server;

import io.hone.core.generate.SamplingConfig;
import io.hone.core.generate.TextGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests for the base and two adapters, queued while the compute thread is held so they join one batch, get what
 * each gets alone: the same ids (the scheduler's jobs) and, over HTTP, the same text and finish reason.
 */
class BatchingTest {
    static final String INITIAL = "initial", TRAINED = "trained";
    static TinyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TinyServer.start(TinyServer.BASE, Map.of(INITIAL, TinyServer.TINY.resolve("lora-all-linear/adapter_initial"),
                TRAINED, TinyServer.ADAPTER), ServeLimits.DEFAULTS);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static final List<String> PROMPTS = List.of("The zoo keeper", "Once upon a time", "Paris is", "A B C D E", "def f(x):", "Hello");

    @Test
    void mixedAdapterBatchGivesEachRequestItsIdsAlone() throws Exception {
        ServedModels models = server.models;
        List<String> names = List.of(TinyServer.BASE, INITIAL, TRAINED);
        List<Job> jobs = new ArrayList<>();
        List<int[]> alone = new ArrayList<>();
        try (AutoCloseable held = server.holdCompute()) {
            for (int i = 0; i < 9; i++) {
                var served = models.lookup(names.get(i % 3));
                int[] ids = models.encode(PROMPTS.get(i % PROMPTS.size()), true);
                var cfg = new SamplingConfig(8 + 3 * i, i % 2 == 0 ? 0 : 0.9, 0, 1, 1, i, List.of(), false);
                jobs.add(models.generate(served, ids, cfg));
                alone.add(new TextGenerator(served.model(), models.tokenizer()).generate(ids, cfg, s -> {}).newIds());
            }
        }
        for (int i = 0; i < jobs.size(); i++) assertThat(jobs.get(i).result().newIds()).as("request %d", i).isEqualTo(alone.get(i));
        assertThat(models.scheduler().largestBatch()).isGreaterThanOrEqualTo(jobs.size());
        // each adapter changes what the base says, so three equal answers would not be a test
        assertThat(alone.get(0)).isNotEqualTo(alone.get(1));
        assertThat(alone.get(2)).isNotEqualTo(alone.get(0));
    }

    @Test
    void mixedBatchOverHttpAnswersAsEachRequestAlone() throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String model = List.of(TinyServer.BASE, INITIAL, TRAINED).get(i % 3);
            bodies.add(TinyServer.json(Map.of("model", model, "prompt", PROMPTS.get(i), "max_tokens", 6 + 4 * i, "temperature", 0,
                    "stop", List.of("\n\n"))));
        }
        List<String> alone = new ArrayList<>();
        for (String b : bodies) alone.add(server.post("/v1/completions", b).body());
        List<Future<TinyServer.Response>> together = new ArrayList<>();
        try (AutoCloseable held = server.holdCompute()) {
            for (String b : bodies) together.add(server.postAsync("/v1/completions", b));
            server.awaitWaiting(bodies.size());
        }
        for (int i = 0; i < bodies.size(); i++) {
            var r = together.get(i).get();
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            var expected = TinyServer.JSON.readTree(alone.get(i));
            assertThat(r.json().get("choices")).as("request %d", i).isEqualTo(expected.get("choices"));
            assertThat(r.json().get("usage")).isEqualTo(expected.get("usage"));
        }
        assertThat(server.models.scheduler().largestBatch()).isGreaterThanOrEqualTo(bodies.size());
    }
}
