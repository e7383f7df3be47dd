package io.hone.server;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.hone.core.HoneException;
import io.hone.core.chat.ChatMessage;
import io.hone.core.generate.SamplingConfig;
import io.hone.core.io.JsonFile;

import java.io.IOException;
import java.util.List;

/**
 * {@code POST /v1/chat/completions}: the messages rendered with the model's chat template and
 * {@code add_generation_prompt}, encoded without adding special tokens (the template writes BOS itself), as
 * hone-eval's {@code LocalModel} and {@code hone generate --chat} do. Without {@code max_tokens} the reply may fill
 * the rest of the context (vLLM's default).
 */
final class ChatHandler {
    private final ServedModels models;

    ChatHandler(ServedModels models) {
        this.models = models;
    }

    void handle(HttpExchange ex, Fields f) throws IOException {
        ServedModels.Served served = models.lookup(f.string("model", null));
        List<ChatMessage> messages = ChatMessages.parse(f);
        GenerationParams params = GenerationParams.parse(f, null, 1, "max_completion_tokens", "max_tokens");
        f.onlyDefault("logprobs", BooleanNode.FALSE, "log-probs are returned by /v1/completions only");
        if (models.chat() == null) {
            throw ApiError.invalid("messages", "model '" + served.name() + "' has no chat template; send a prompt to /v1/completions");
        }
        String id = Generation.newId("chatcmpl-");
        long created = System.currentTimeMillis() / 1000;
        int[] ids = models.encode(render(messages), false);
        Generation.checkPrompt("messages", ids.length, models.maxPositions());
        SamplingConfig cfg = params.sampling(models.maxPositions() - ids.length, ids.length, models.maxPositions());
        Job job = models.generate(served, ids, cfg);
        if (params.stream()) {
            var sse = new SseWriter(ex);
            sse.stream(job, () -> sse.send(chunk(id, created, served.name(), JsonFile.MAPPER.createObjectNode().put("role", "assistant").put("content", ""), null)),
                    piece -> chunk(id, created, served.name(), JsonFile.MAPPER.createObjectNode().put("content", piece), null), r -> {
                        sse.send(chunk(id, created, served.name(), JsonFile.MAPPER.createObjectNode(), r.finishReason()));
                        if (params.includeUsage()) sse.send(Generation.usageChunk(Generation.envelope(id, "chat.completion.chunk", created, served.name()), r));
                    });
            return;
        }
        var r = job.result();
        ObjectNode resp = Generation.envelope(id, "chat.completion", created, served.name());
        ObjectNode choice = resp.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", r.text());
        choice.putNull("logprobs");
        choice.put("finish_reason", r.finishReason());
        resp.set("usage", Generation.usage(r.promptTokens(), r.completionTokens()));
        Exchanges.send(ex, 200, resp);
    }

    /** A template that rejects the conversation (e.g. roles that do not alternate) makes it a bad request. */
    private String render(List<ChatMessage> messages) {
        try {
            return models.chat().render(messages, true);
        } catch (HoneException e) {
            throw ApiError.invalid("messages", "the chat template rejects these messages: " + e.getMessage());
        }
    }

    private static ObjectNode chunk(String id, long created, String model, ObjectNode delta, String finishReason) {
        ObjectNode c = Generation.envelope(id, "chat.completion.chunk", created, model);
        ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        return c;
    }
}
