package io.hone.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hone.core.generate.Generator.StopReason;
import io.hone.core.generate.PromptLength;
import io.hone.core.generate.SamplingConfig;
import io.hone.core.generate.TextGenerator;
import io.hone.core.io.JsonFile;
import io.hone.core.model.LlamaModel;
import io.hone.core.tokenizer.Tokenizer;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * What both endpoints share: the generation itself (hone-core's {@link TextGenerator}, as {@code LocalModel} and
 * {@code hone generate} run it, so the same ids and settings give the same text), the prompt-length check, and the
 * parts of every response ({@code id}, {@code created}, {@code finish_reason}, {@code usage}).
 */
final class Generation {
    record Result(String text, int[] newIds, String finishReason, int promptTokens, int completionTokens) {}

    private Generation() {}

    /** {@code stream} receives the text as it is produced, stop strings held back and never included. */
    static Result run(LlamaModel model, Tokenizer tokenizer, int[] promptIds, SamplingConfig cfg, Consumer<String> stream) {
        TextGenerator.Output out = new TextGenerator(model, tokenizer).generate(promptIds, cfg, stream);
        // the EOS token was sampled, so it counts as generated (as OpenAI and vLLM count it), though it is not text
        int completion = out.newTokens() + (out.reason() == StopReason.EOS ? 1 : 0);
        return new Result(out.text(), out.newIds(), finishReason(out.reason()), promptIds.length, completion);
    }

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
