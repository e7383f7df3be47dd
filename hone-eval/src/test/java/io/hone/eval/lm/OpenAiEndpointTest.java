package io.hone.eval.lm;

import io.hone.core.HoneException;
import io.hone.core.chat.ChatMessage;
import io.hone.core.generate.SamplingConfig;
import io.hone.eval.RuleBasedServer;
import io.hone.eval.prompt.Prompt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OpenAiEndpointTest {
    static final SamplingConfig GREEDY = SamplingConfig.greedy(16);

    @Test
    void chatAndCompletionRequestsOverRealHttp() throws Exception {
        try (var server = RuleBasedServer.start()) {
            var lm = new OpenAiEndpoint(server.url() + "/v1/", "stub-model", "sk-test", Duration.ofSeconds(5));
            String chat = lm.generate(new Prompt.Chat(List.of(new ChatMessage("system", "Answer with a number."),
                    new ChatMessage("user", "What is 6 times 7?"))), GREEDY);
            assertThat(chat).isEqualTo("42");
            assertThat(server.lastAuthorization).isEqualTo("Bearer sk-test");
            var body = server.bodies.getLast();
            assertThat(body.get("model").asText()).isEqualTo("stub-model");
            assertThat(body.get("max_tokens").asInt()).isEqualTo(16);
            assertThat(body.get("temperature").asDouble()).isZero();
            assertThat(body.get("messages").get(1).get("content").asText()).isEqualTo("What is 6 times 7?");

            var stops = new SamplingConfig(16, 0, 0, 1, 1, 0, List.of(" easy"), true);
            String text = lm.generate(new Prompt.Text("Question: What is 2 plus 2?\nAnswer:"), stops);
            assertThat(text).isEqualTo(" " + RuleBasedServer.RAMBLE.substring(0, RuleBasedServer.RAMBLE.indexOf(" easy")));
            assertThat(server.bodies.getLast().get("stop").get(0).asText()).isEqualTo(" easy");
            assertThat(lm.id()).isEqualTo(server.url() + "#stub-model");
        }
    }

    @Test
    void logLikelihoodsFromEchoedLogprobs() throws Exception {
        try (var server = RuleBasedServer.start()) {
            var lm = new OpenAiEndpoint(server.url(), "m", null, Duration.ofSeconds(5));
            // stub: a word already in the text scores -0.5, a new word -3 (and is not greedy)
            var lls = lm.logLikelihoods(new Prompt.Text("red blue green"), List.of(" blue", " yellow sky"));
            assertThat(lls.get(0)).isEqualTo(new LogLikelihood(-0.5, 1, true));
            assertThat(lls.get(1)).isEqualTo(new LogLikelihood(-6.0, 2, false));
            assertThat(server.lastAuthorization).isNull();
            // rolling: the first word has no log-prob; "b a b" -> -3 (new "a") - 0.5 (seen "b")
            assertThat(lm.rollingLogLikelihood("b a b").logProb()).isCloseTo(-3.5, within(1e-12));
            assertThatThrownBy(() -> lm.logLikelihoods(new Prompt.Chat(List.of(new ChatMessage("user", "x"))), List.of(" y")))
                    .hasMessageContaining("needs a completion-mode prompt");
        }
    }

    @Test
    void httpErrorsAreOneLineAndRetried() throws Exception {
        try (var server = RuleBasedServer.failing(401)) {
            var lm = new OpenAiEndpoint(server.url(), "m", "bad", Duration.ofSeconds(5));
            assertThatThrownBy(() -> lm.generate(new Prompt.Text("x"), GREEDY)).isInstanceOf(HoneException.class)
                    .hasMessage(server.url() + "/v1/completions: HTTP 401: {\"error\":{\"message\":\"stub failure\"}}");
            assertThat(server.requests.get()).isEqualTo(1);
        }
        try (var server = RuleBasedServer.failing(503)) {
            var lm = new OpenAiEndpoint(server.url(), "m", null, Duration.ofSeconds(5));
            assertThatThrownBy(() -> lm.generate(new Prompt.Text("x"), GREEDY)).hasMessageContaining("HTTP 503");
            assertThat(server.requests.get()).isEqualTo(4); // first try + 3 retries
        }
        var nobody = new OpenAiEndpoint("http://127.0.0.1:1", "m", null, Duration.ofSeconds(2));
        assertThatThrownBy(() -> nobody.generate(new Prompt.Text("x"), GREEDY)).hasMessageStartingWith("http://127.0.0.1:1/v1/completions: cannot reach the endpoint");
        assertThatThrownBy(() -> new OpenAiEndpoint("localhost:8080", "m")).hasMessageContaining("expected an http:// or https:// URL");
    }

    @TempDir
    Path dir;

    @Test
    void cacheAnswersRepeatsWithoutCallingTheServerAndPersists() throws Exception {
        try (var server = RuleBasedServer.start()) {
            Path file = dir.resolve("cache.jsonl");
            var prompt = new Prompt.Text("Question: What is 3 plus 4?\nAnswer:");
            try (var cached = new CachedModel(new OpenAiEndpoint(server.url(), "m"), file)) {
                String a = cached.generate(prompt, GREEDY), b = cached.generate(prompt, GREEDY);
                assertThat(a).isEqualTo(b);
                assertThat(server.requests.get()).isEqualTo(1);
                cached.generate(prompt, SamplingConfig.greedy(17)); // other settings: a new request
                assertThat(server.requests.get()).isEqualTo(2);
                var ll = cached.logLikelihoods(prompt, List.of(" 7"));
                assertThat(cached.logLikelihoods(prompt, List.of(" 7"))).isEqualTo(ll);
                assertThat(server.requests.get()).isEqualTo(3);
                assertThat(cached.hits()).isEqualTo(2);
                assertThat(cached.misses()).isEqualTo(3);
            }
            Files.writeString(file, Files.readString(file) + "{\"key\": \"trunc", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
            try (var reopened = new CachedModel(new OpenAiEndpoint(server.url(), "m"), file)) {
                reopened.generate(prompt, GREEDY);
                reopened.logLikelihoods(prompt, List.of(" 7"));
                assertThat(server.requests.get()).isEqualTo(3);
                assertThat(reopened.hits()).isEqualTo(2);
            }
        }
    }

    @Test
    void cachedGenerateAllAsksOnlyForMissingDistinctRequests(@TempDir Path dir) throws Exception {
        try (var server = RuleBasedServer.start()) {
            var p1 = new Prompt.Text("Question: What is 3 plus 4?\nAnswer:");
            var p2 = new Prompt.Text("Question: What is 2 plus 2?\nAnswer:");
            var p3 = new Prompt.Text("Question: What is 5 plus 1?\nAnswer:");
            try (var cached = new CachedModel(new OpenAiEndpoint(server.url(), "m"), dir.resolve("cache.jsonl"))) {
                String first = cached.generate(p1, GREEDY);
                List<String> all = cached.generateAll(List.of(p2, p1, p3, p2), GREEDY);
                assertThat(server.requests.get()).as("p1 cached, p2 asked once").isEqualTo(3);
                assertThat(all.get(1)).isEqualTo(first);
                assertThat(all.get(0)).isEqualTo(all.get(3)).isEqualTo(cached.generate(p2, GREEDY));
                assertThat(all.get(2)).isEqualTo(cached.generate(p3, GREEDY));
                assertThat(server.requests.get()).isEqualTo(3);
            }
        }
    }
}
