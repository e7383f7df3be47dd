package io.hone.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.hone.core.generate.SamplingConfig;
import io.hone.core.tokenizer.TokenSpans;
import io.hone.core.tokenizer.Tokenizer;

import java.io.IOException;

/**
 * {@code POST /v1/completions}: a text prompt, encoded as hone-eval's {@code LocalModel} encodes one (the tokenizer's
 * special tokens, i.e. BOS for Llama). With {@code echo} the prompt is part of the returned text and, with
 * {@code logprobs}, of the scored tokens: {@code echo: true, logprobs: N, max_tokens: 0} scores a text without
 * generating, which is how OpenAI-compatible clients (lm-eval, hone's {@code OpenAiEndpoint}) get log-likelihoods.
 */
final class CompletionsHandler {
    private static final int DEFAULT_MAX_TOKENS = 16; // OpenAI's default for completions

    private final ServedModels models;

    CompletionsHandler(ServedModels models) {
        this.models = models;
    }

    void handle(HttpExchange ex, Fields f) throws IOException {
        ServedModels.Served served = models.lookup(f.string("model", null));
        JsonNode promptNode = f.get("prompt");
        if (promptNode == null) throw ApiError.invalid("prompt", "'prompt' is required");
        if (!promptNode.isTextual()) throw ApiError.unsupported("prompt", "'prompt' must be a string (lists of prompts and token ids are not supported)");
        String prompt = promptNode.asText();
        GenerationParams params = GenerationParams.parse(f, (long) DEFAULT_MAX_TOKENS, 0, "max_tokens");
        boolean echo = f.bool("echo", false);
        Long logprobs = f.integer("logprobs", null, 0, 5);
        if (logprobs != null && params.stream()) throw ApiError.unsupported("logprobs", "'logprobs' is not supported with 'stream'");
        String id = Generation.newId("cmpl-");
        long created = System.currentTimeMillis() / 1000;
        TokenSpans spans = models.encodeWithSpans(prompt, true);
        Generation.checkPrompt("prompt", spans.ids().length, models.maxPositions());
        SamplingConfig cfg = params.sampling(DEFAULT_MAX_TOKENS, spans.ids().length, models.maxPositions());
        Job job = models.generate(served, spans.ids(), cfg);
        if (params.stream()) {
            var sse = new SseWriter(ex);
            sse.stream(job, () -> {
                if (echo && !prompt.isEmpty()) sse.send(chunk(id, created, served.name(), prompt, null));
            }, piece -> chunk(id, created, served.name(), piece, null), r -> {
                sse.send(chunk(id, created, served.name(), "", r.finishReason()));
                if (params.includeUsage()) sse.send(Generation.usageChunk(Generation.envelope(id, "text_completion", created, served.name()), r));
            });
            return;
        }
        var r = job.result();
        ObjectNode resp = Generation.envelope(id, "text_completion", created, served.name());
        ObjectNode choice = resp.putArray("choices").addObject().put("index", 0).put("text", echo ? prompt + r.text() : r.text());
        if (logprobs == null) choice.putNull("logprobs");
        else choice.set("logprobs", models.exclusive(() -> logprobs(served, models.tokenizer(), prompt, spans, r.newIds(), echo, Math.toIntExact(logprobs)), job.deadline));
        choice.put("finish_reason", r.finishReason());
        resp.set("usage", Generation.usage(r.promptTokens(), r.completionTokens()));
        Exchanges.send(ex, 200, resp);
    }

    /**
     * Log-probs of the generated tokens, preceded by the prompt's with {@code echo}; text offsets count code points
     * (Python's str indices, as OpenAI and vLLM) into the returned text: the prompt's from the tokenizer's spans, the
     * generated ones by their decoded strings, which add up to the generated text (up to a stop string).
     */
    private ObjectNode logprobs(ServedModels.Served served, Tokenizer tok, String prompt, TokenSpans spans, int[] newIds, boolean echo, int top) {
        int[] promptIds = spans.ids();
        int[] all = new int[promptIds.length + newIds.length];
        System.arraycopy(promptIds, 0, all, 0, promptIds.length);
        System.arraycopy(newIds, 0, all, promptIds.length, newIds.length);
        int[] offsets = new int[all.length];
        int end = 0;
        for (int i = 0; i < promptIds.length; i++) {
            offsets[i] = spans.starts()[i] >= 0 ? spans.starts()[i] : end; // an added BOS sits where the text starts
            if (spans.ends()[i] >= 0) end = spans.ends()[i];
        }
        var scorer = new EchoScorer(served.model(), tok);
        int at = echo ? prompt.codePointCount(0, prompt.length()) : 0;
        for (int i = promptIds.length; i < all.length; i++) {
            offsets[i] = at;
            String piece = scorer.piece(all[i - 1], all[i], i == promptIds.length);
            at += piece.codePointCount(0, piece.length());
        }
        return scorer.logprobs(all, echo ? 0 : promptIds.length, offsets, top, promptIds.length);
    }

    private static ObjectNode chunk(String id, long created, String model, String text, String finishReason) {
        ObjectNode c = Generation.envelope(id, "text_completion", created, model);
        ObjectNode choice = c.putArray("choices").addObject().put("index", 0).put("text", text);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        return c;
    }
}
