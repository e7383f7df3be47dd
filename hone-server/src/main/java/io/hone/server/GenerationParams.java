package io.hone.server;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.hone.core.generate.SamplingConfig;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The sampling fields both endpoints share, with OpenAI's defaults (temperature 1, top_p 1) and vLLM's extensions
 * ({@code top_k}, {@code repetition_penalty}, {@code ignore_eos}). {@code maxTokens} null means "as many as fit".
 */
record GenerationParams(Long maxTokens, double temperature, double topP, int topK, double repetitionPenalty, long seed,
                        List<String> stop, boolean ignoreEos, boolean stream, boolean includeUsage) {

    /** {@code maxTokensFields}: the names accepted for the token limit, first one wins (chat also has max_completion_tokens). */
    static GenerationParams parse(Fields f, Long defaultMaxTokens, long minMaxTokens, String... maxTokensFields) {
        Long maxTokens = defaultMaxTokens;
        for (String name : maxTokensFields) {
            Long v = f.integer(name, null, minMaxTokens, Integer.MAX_VALUE);
            if (v != null) {
                maxTokens = v;
                break;
            }
        }
        double temperature = f.number("temperature", 1.0);
        if (!(temperature >= 0)) throw ApiError.invalid("temperature", "'temperature' must be >= 0, got " + temperature);
        double topP = f.number("top_p", 1.0);
        if (!(topP > 0 && topP <= 1)) throw ApiError.invalid("top_p", "'top_p' must be in (0, 1], got " + topP);
        long topK = f.integer("top_k", 0L, -1, Integer.MAX_VALUE); // vLLM: -1 (or 0) disables it
        double penalty = f.number("repetition_penalty", 1.0);
        if (!(penalty > 0)) throw ApiError.invalid("repetition_penalty", "'repetition_penalty' must be > 0, got " + penalty);
        // without a seed each sampled request draws its own, as OpenAI's API is not reproducible without one
        Long seed = f.integer("seed", null, Long.MIN_VALUE, Long.MAX_VALUE);
        long s = seed != null ? seed : temperature == 0 ? 0 : ThreadLocalRandom.current().nextLong();
        List<String> stop = f.strings("stop");
        boolean stream = f.bool("stream", false);
        boolean includeUsage = false;
        var options = f.get("stream_options");
        if (options != null) {
            if (!options.isObject()) throw ApiError.invalid("stream_options", "'stream_options' must be an object");
            var usage = options.get("include_usage");
            if (usage != null && !usage.isNull() && !usage.isBoolean()) {
                throw ApiError.invalid("stream_options", "'stream_options.include_usage' must be true or false");
            }
            includeUsage = usage != null && usage.asBoolean();
        }
        rejectUnsupported(f);
        return new GenerationParams(maxTokens, temperature, topP, (int) Math.max(0, topK), penalty, s, stop,
                f.bool("ignore_eos", false), stream, includeUsage);
    }

    private static void rejectUnsupported(Fields f) {
        var json = JsonNodeFactory.instance;
        f.onlyDefault("n", IntNode.valueOf(1), "one choice per request");
        f.onlyDefault("best_of", IntNode.valueOf(1), "one choice per request");
        f.onlyDefault("presence_penalty", IntNode.valueOf(0), "use repetition_penalty");
        f.onlyDefault("frequency_penalty", IntNode.valueOf(0), "use repetition_penalty");
        f.onlyDefault("logit_bias", null, "");
        f.onlyDefault("suffix", json.textNode(""), "no fill-in-the-middle");
        f.onlyDefault("tools", null, "no tool calling");
        f.onlyDefault("functions", null, "no tool calling");
        f.onlyDefault("tool_choice", json.textNode("none"), "no tool calling");
        f.onlyDefault("function_call", json.textNode("none"), "no tool calling");
        f.onlyDefault("response_format", json.objectNode().put("type", "text"), "no JSON mode or structured output");
    }

    /**
     * The sampling settings for a prompt of {@code promptTokens}, with {@code fallbackMaxTokens} when the request gave no
     * limit. The limit is capped at what the context can take (the generator stops there anyway, with the same text), so
     * a huge {@code max_tokens} allocates nothing for tokens that cannot come.
     */
    SamplingConfig sampling(int fallbackMaxTokens, int promptTokens, int maxPositions) {
        long max = maxTokens != null ? maxTokens : fallbackMaxTokens;
        max = Math.max(0, Math.min(max, maxPositions - promptTokens + 1L)); // the last token is sampled, never fed
        return new SamplingConfig((int) max, temperature, topK, topP, repetitionPenalty, seed, stop, !ignoreEos);
    }
}
