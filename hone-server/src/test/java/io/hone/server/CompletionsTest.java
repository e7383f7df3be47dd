package io.hone.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.hone.core.tokenizer.Tokenizer;
import io.hone.eval.lm.LocalModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The fields of /v1/completions and /v1/chat/completions: stop strings, finish_reason, usage, seeds, echo and logprobs. */
class CompletionsTest {
    static TinyServer server;
    static Tokenizer tokenizer;

    @BeforeAll
    static void start() throws Exception {
        server = TinyServer.start();
        tokenizer = Tokenizer.load(TinyServer.TINY);
    }

    @AfterAll
    static void stop() {
        server.close();
        tokenizer.close();
    }

    static JsonNode complete(Map<String, Object> body) {
        TinyServer.Response r = server.post("/v1/completions", TinyServer.json(body));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void stopStringEndsTheTextWithoutItAndFinishReasonStop() {
        String prompt = "Once upon a time";
        JsonNode free = complete(Map.of("prompt", prompt, "max_tokens", 24, "temperature", 0));
        String text = free.at("/choices/0/text").asText();
        assertThat(free.get("object").asText()).isEqualTo("text_completion");
        assertThat(free.get("model").asText()).isEqualTo("tiny-llama");
        assertThat(free.get("created").asLong()).isPositive();
        assertThat(free.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        int promptTokens = tokenizer.encode(prompt, true).length;
        assertThat(free.get("usage")).isEqualTo(TinyServer.JSON.valueToTree(
                Map.of("prompt_tokens", promptTokens, "completion_tokens", 24, "total_tokens", promptTokens + 24)));

        int at = text.indexOf(" Sony");
        assertThat(at).as(text).isPositive();
        JsonNode stopped = complete(Map.of("prompt", prompt, "max_tokens", 24, "temperature", 0, "stop", List.of("never", " Sony")));
        assertThat(stopped.at("/choices/0/text").asText()).isEqualTo(text.substring(0, at));
        assertThat(stopped.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        // generation ends with the token that completed the stop string: the tokens up to and including " Sony"
        int upToStop = tokenizer.encode(prompt + text.substring(0, at + " Sony".length()), true).length - promptTokens;
        assertThat(stopped.at("/usage/completion_tokens").asInt()).isEqualTo(upToStop).isLessThan(24);
        assertThat(stopped.at("/usage/total_tokens").asInt()).isEqualTo(promptTokens + upToStop);
        JsonNode single = complete(Map.of("prompt", prompt, "max_tokens", 24, "temperature", 0, "stop", " Sony"));
        assertThat(single.at("/choices/0/text").asText()).isEqualTo(text.substring(0, at));
    }

    @Test
    void chatUsageCountsTheRenderedPrompt() {
        var messages = List.of(Map.of("role", "user", "content", "What is LoRA?"));
        TinyServer.Response r = server.post("/v1/chat/completions", TinyServer.json(Map.of("messages", messages, "max_tokens", 7, "temperature", 0)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        int prompt = tokenizer.encode("<s>[INST] What is LoRA? [/INST]", false).length;
        assertThat(r.json().get("usage")).isEqualTo(TinyServer.JSON.valueToTree(
                Map.of("prompt_tokens", prompt, "completion_tokens", 7, "total_tokens", prompt + 7)));
        assertThat(r.json().at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(r.json().get("id").asText()).startsWith("chatcmpl-");
    }

    @Test
    void sameSeedSameTextOtherSeedOtherText() {
        Map<String, Object> a = Map.of("prompt", "Once upon a time", "max_tokens", 16, "temperature", 1.0, "top_k", 50, "top_p", 0.9,
                "repetition_penalty", 1.2, "seed", 42);
        String first = complete(a).at("/choices/0/text").asText();
        assertThat(complete(a).at("/choices/0/text").asText()).isEqualTo(first);
        var b = new java.util.HashMap<>(a);
        b.put("seed", 43);
        assertThat(complete(b).at("/choices/0/text").asText()).isNotEqualTo(first);
        var chat = Map.<String, Object>of("messages", List.of(Map.of("role", "user", "content", "Hi")), "max_tokens", 12, "temperature", 0.8, "seed", 7);
        String c1 = server.post("/v1/chat/completions", TinyServer.json(chat)).json().at("/choices/0/message/content").asText();
        assertThat(server.post("/v1/chat/completions", TinyServer.json(chat)).json().at("/choices/0/message/content").asText()).isEqualTo(c1);
    }

    @Test
    void echoWithLogprobsScoresThePromptInOpenAisLayout() {
        String prompt = "The capital of France is Paris";
        JsonNode r = complete(Map.of("prompt", prompt, "max_tokens", 0, "echo", true, "logprobs", 2, "temperature", 0));
        JsonNode choice = r.at("/choices/0");
        assertThat(choice.get("text").asText()).isEqualTo(prompt);
        assertThat(choice.get("finish_reason").asText()).isEqualTo("length");
        assertThat(r.at("/usage/completion_tokens").asInt()).isZero();
        JsonNode lp = choice.get("logprobs");
        int[] ids = tokenizer.encode(prompt, true);
        assertThat(lp.get("tokens")).hasSize(ids.length);
        assertThat(lp.get("tokens").get(0).asText()).isEqualTo("<s>");
        assertThat(lp.get("tokens").get(6).asText()).isEqualTo(" Paris");
        assertThat(lp.get("text_offset").toString()).isEqualTo("[0,0,3,11,14,21,24]");
        assertThat(lp.get("token_logprobs").get(0).isNull()).isTrue();
        assertThat(lp.get("top_logprobs").get(0).isNull()).isTrue();
        double sum = 0;
        for (int i = 1; i < ids.length; i++) {
            double v = lp.get("token_logprobs").get(i).asDouble();
            sum += v;
            JsonNode top = lp.get("top_logprobs").get(i);
            assertThat(top.size()).as("top 2, plus the actual token when it is not among them").isBetween(2, 3);
            assertThat(top.get(lp.get("tokens").get(i).asText()).asDouble()).isEqualTo(v);
            for (Iterator<JsonNode> it = top.elements(); it.hasNext(); ) assertThat(it.next().asDouble()).isNegative();
        }
        try (LocalModel local = LocalModel.open(TinyServer.TINY, null)) {
            assertThat(sum).isCloseTo(local.rollingLogLikelihood(prompt).logProb(), within(1e-4));
        }
    }

    @Test
    void logprobsOfGeneratedTokensAndEchoedGeneration() {
        String prompt = "The capital of France is";
        JsonNode plain = complete(Map.of("prompt", prompt, "max_tokens", 5, "temperature", 0)).at("/choices/0");
        JsonNode r = complete(Map.of("prompt", prompt, "max_tokens", 5, "temperature", 0, "logprobs", 1)).at("/choices/0");
        assertThat(r.get("text")).isEqualTo(plain.get("text"));
        JsonNode lp = r.get("logprobs");
        assertThat(lp.get("tokens")).hasSize(5);
        assertThat(lp.at("/text_offset/0").asInt()).isZero();
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            joined.append(lp.get("tokens").get(i).asText());
            // greedy: each generated token is the most likely one
            double best = Double.NEGATIVE_INFINITY;
            for (Iterator<JsonNode> it = lp.get("top_logprobs").get(i).elements(); it.hasNext(); ) best = Math.max(best, it.next().asDouble());
            assertThat(lp.get("token_logprobs").get(i).asDouble()).isCloseTo(best, within(1e-9));
        }
        assertThat(joined.toString()).isEqualTo(plain.get("text").asText());

        JsonNode echoed = complete(Map.of("prompt", prompt, "max_tokens", 5, "temperature", 0, "echo", true, "logprobs", 0)).at("/choices/0");
        assertThat(echoed.get("text").asText()).isEqualTo(prompt + plain.get("text").asText());
        JsonNode elp = echoed.get("logprobs");
        int promptTokens = tokenizer.encode(prompt, true).length;
        assertThat(elp.get("tokens")).hasSize(promptTokens + 5);
        assertThat(elp.at("/text_offset/" + promptTokens).asInt()).isEqualTo(prompt.length());
        for (int i = 0; i < 5; i++) {
            assertThat(elp.get("token_logprobs").get(promptTokens + i).asDouble())
                    .isCloseTo(lp.get("token_logprobs").get(i).asDouble(), within(1e-5));
            assertThat(elp.get("top_logprobs").get(promptTokens + i)).as("logprobs 0: the actual token only").hasSize(1);
        }
    }

    @Test
    void maxTokensBeyondTheContextEndsWhereTheContextDoes() {
        String prompt = "Once upon a time";
        int promptTokens = tokenizer.encode(prompt, true).length, room = 256 - promptTokens + 1; // the last token is never fed
        JsonNode r = complete(Map.of("prompt", prompt, "max_tokens", 2_000_000_000, "temperature", 0, "ignore_eos", true, "logprobs", 0));
        assertThat(r.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(r.at("/usage/completion_tokens").asInt()).isEqualTo(room);
        assertThat(r.at("/choices/0/logprobs/tokens")).hasSize(room);
    }

    @Test
    void concurrentRequestsQueueAndAllGetTheirOwnAnswer() throws Exception {
        List<String> prompts = List.of("Once upon a time", "The capital of France is", "Question: What is 2 plus 2?\nAnswer:", "Hello");
        List<String> expected = new ArrayList<>();
        for (String p : prompts) expected.add(complete(Map.of("prompt", p, "max_tokens", 12, "temperature", 0)).at("/choices/0/text").asText());
        try (var pool = Executors.newFixedThreadPool(8)) {
            List<Future<String>> got = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (String p : prompts) {
                    Callable<String> call = () -> complete(Map.of("prompt", p, "max_tokens", 12, "temperature", 0)).at("/choices/0/text").asText();
                    got.add(pool.submit(call));
                }
            }
            for (int i = 0; i < got.size(); i++) assertThat(got.get(i).get()).isEqualTo(expected.get(i % prompts.size()));
        }
    }

    @Test
    void modelsListHealthAndOneModel() {
        JsonNode list = server.get("/v1/models").json();
        assertThat(list.get("object").asText()).isEqualTo("list");
        assertThat(list.get("data")).hasSize(2);
        assertThat(list.at("/data/0/id").asText()).isEqualTo("tiny-llama");
        assertThat(list.at("/data/0/object").asText()).isEqualTo("model");
        assertThat(list.at("/data/0/parent").isNull()).isTrue();
        assertThat(list.at("/data/0/max_model_len").asInt()).isEqualTo(256);
        assertThat(list.at("/data/1/id").asText()).isEqualTo("lora");
        assertThat(list.at("/data/1/parent").asText()).isEqualTo("tiny-llama");
        assertThat(server.get("/v1/models/lora").json().get("id").asText()).isEqualTo("lora");
        var health = server.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("ok");
    }
}
