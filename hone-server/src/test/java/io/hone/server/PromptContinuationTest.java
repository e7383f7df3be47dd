package io.hone.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.hone.core.chat.ChatMessage;
import io.hone.core.chat.ChatTemplate;
import io.hone.core.generate.Generator;
import io.hone.core.generate.SamplingConfig;
import io.hone.core.model.ModelLoader;
import io.hone.core.tokenizer.Tokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The returned text continues the prompt, as OpenAI-compatible servers return it: prompt + text == decode(prompt ids
 * + new ids), so a first SentencePiece token {@code ▁time} reads {@code " time"}; streamed, with log-probs and in chat.
 */
class PromptContinuationTest {
    static TinyServer server;
    static Tokenizer tok;

    @BeforeAll
    static void start() throws Exception {
        server = TinyServer.start();
        tok = Tokenizer.load(TinyServer.TINY);
    }

    @AfterAll
    static void stop() {
        server.close();
        tok.close();
    }

    /** What the continuation sampled with {@code cfg} adds to decode(prompt ids), computed from the ids themselves. */
    private static String expectedContinuation(int[] promptIds, SamplingConfig cfg) {
        var model = ModelLoader.load(TinyServer.TINY);
        int[] fresh = new Generator(model).generate(promptIds, cfg, Set.of(), id -> true).newTokens();
        int[] all = IntStream.concat(IntStream.of(promptIds), IntStream.of(fresh)).toArray();
        return tok.decode(all, true).substring(tok.decode(promptIds, true).length());
    }

    private static String streamed(String path, Map<String, Object> body, String field) throws Exception {
        var m = new java.util.LinkedHashMap<>(body);
        m.put("stream", true);
        TinyServer.Response r = server.post(path, TinyServer.json(m));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        StringBuilder text = new StringBuilder();
        for (String e : r.events()) if (!e.equals("[DONE]")) text.append(TinyServer.JSON.readTree(e).at(field).asText(""));
        return text.toString();
    }

    @Test
    void completionTextKeepsTheFirstTokensLeadingSpace() throws Exception {
        String prompt = "Once upon a time"; // the fixture's greedy continuation is ▁time ▁time ...
        String expected = expectedContinuation(tok.encode(prompt, true), SamplingConfig.greedy(6).withoutEos());
        assertThat(expected).startsWith(" time");
        Map<String, Object> req = Map.of("prompt", prompt, "max_tokens", 6, "temperature", 0, "ignore_eos", true);
        JsonNode plain = server.post("/v1/completions", TinyServer.json(req)).json().at("/choices/0");
        assertThat(plain.get("text").asText()).isEqualTo(expected);
        assertThat(streamed("/v1/completions", req, "/choices/0/text")).isEqualTo(expected);

        var withLogprobs = new java.util.LinkedHashMap<String, Object>(req);
        withLogprobs.put("logprobs", 1);
        JsonNode lp = server.post("/v1/completions", TinyServer.json(withLogprobs)).json().at("/choices/0/logprobs");
        assertThat(lp.at("/tokens/0").asText()).isEqualTo(" time");
        StringBuilder joined = new StringBuilder();
        for (JsonNode t : lp.get("tokens")) joined.append(t.asText());
        assertThat(joined.toString()).isEqualTo(expected);
        assertThat(lp.at("/top_logprobs/0").has(" time")).isTrue();
    }

    @Test
    void chatContentContinuesTheRenderedPrompt() throws Exception {
        var messages = List.of(new ChatMessage("user", "Hi"));
        int[] promptIds = tok.encode(ChatTemplate.load(TinyServer.TINY).render(messages, true), false);
        // greedy, this model answers "]]]..."; find a seed whose first sampled token is a ▁-token
        long seed = -1;
        String expected = null;
        for (long s = 0; s < 64 && seed < 0; s++) {
            String e = expectedContinuation(promptIds, new SamplingConfig(8, 1.0, 0, 1.0, 1.0, s, List.of(), false));
            if (e.startsWith(" ")) {
                seed = s;
                expected = e;
            }
        }
        assertThat(seed).as("a seed whose first token starts with ▁").isNotNegative();
        Map<String, Object> req = Map.of("messages", List.of(Map.of("role", "user", "content", "Hi")), "max_tokens", 8,
                "temperature", 1.0, "seed", seed, "ignore_eos", true);
        JsonNode plain = server.post("/v1/chat/completions", TinyServer.json(req)).json();
        assertThat(plain.at("/choices/0/message/content").asText()).isEqualTo(expected);
        assertThat(streamed("/v1/chat/completions", req, "/choices/0/delta/content")).isEqualTo(expected);
    }
}
