package io.hone.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hone.core.generate.Generator.StopReason;
import io.hone.core.generate.PromptLength;
import io.hone.core.generate.TextGenerator;
import io.hone.core.io.JsonFile;

import java.util.UUID;

/**
 * What both endpoints share: a generation's result (from hone-core's {@link TextGenerator}, as {@code LocalModel} and
 * {@code hone generate} run it, so the same ids and settings give the same text; see {@link Job}), the prompt-length
 * check, and the parts of every response ({@code id}, {@code created}, {@code finish_reason}, {@code usage}).
 */
final class Generation {
    record Result(String text, int[] newIds, String finishReason, int promptTokens, int completionTokens) {}

    private Generation() {}

    static String finishReason(StopReason r) {
        return switch (r) {
            case EOS, STOP_STRING -> "stop";
            case LENGTH, CONTEXT_FULL -> "length";
        };
    }

    /** A prompt must have a token to start from and fit the model's positions: hone-core's check, as {@code hone generate}'s. */
    static void checkPrompt(String param, int tokens, int maxPositions) {
        String problem = PromptLength.problem(param, tokens, maxPositions);
        if (problem == null) return;
        throw PromptLength.tooLong(tokens, maxPositions) ? ApiError.contextLength(param, problem) : ApiError.invalid(param, problem);
    }

    static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }

    static ObjectNode envelope(String id, String object, long created, String model) {
        return JsonFile.MAPPER.createObjectNode().put("id", id).put("object", object).put("created", created).put("model", model);
    }

    /** {@code stream_options.include_usage}'s last chunk: no choices, the usage. */
    static ObjectNode usageChunk(ObjectNode envelope, Result r) {
        envelope.putArray("choices");
        envelope.set("usage", usage(r.promptTokens(), r.completionTokens()));
        return envelope;
    }

    static ObjectNode usage(int promptTokens, int completionTokens) {
        return JsonFile.MAPPER.createObjectNode().put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
    }
}
