package io.hone.core.model;

import io.hone.core.HoneException;
import io.hone.core.chat.ChatMessage;
import io.hone.core.chat.ChatTemplate;
import io.hone.core.generate.PromptLength;
import io.hone.core.tokenizer.Tokenizer;

import java.util.List;

/**
 * A model folder opened for inference: the model (adapted and in its inference format as asked), its tokenizer, its
 * chat template (null: the folder has none, or it was not asked for) and an id naming all three. hone-train's
 * {@code ModelOpener} is the one place that builds it from a folder; every command runs a model through it, so each
 * one checks a prompt's length as {@code hone serve} does ({@link PromptLength}). Closing frees the tokenizer.
 */
public record PretrainedModel(LlamaModel model, Tokenizer tokenizer, ChatTemplate chatTemplate, String id) implements AutoCloseable {
    public PretrainedModel {
        if (model == null || tokenizer == null || id == null) throw new IllegalArgumentException("model, tokenizer and id are required");
    }

    public int maxPositions() {
        return model.config().maxPositions();
    }

    public boolean hasChatTemplate() {
        return chatTemplate != null;
    }

    /** The template, or the one-line error of a folder without one ({@code <id>: chat prompt, but ...}). */
    public ChatTemplate requireChatTemplate() {
        if (chatTemplate == null) throw new HoneException(id + ": chat prompt, but the model has no chat template (use completion mode)");
        return chatTemplate;
    }

    /** The messages rendered through the chat template with the assistant's turn opened. */
    public String renderChat(List<ChatMessage> messages) {
        return requireChatTemplate().render(messages, true);
    }

    /**
     * The ids of a prompt to generate from ({@code what}: "prompt", "rendered chat template", ...), checked against the
     * model's positions as {@code hone serve} checks them: one line naming the count and max_position_embeddings.
     * {@code addSpecialTokens} is false for chat-template output, which already carries BOS.
     */
    public int[] encodePrompt(String what, String text, boolean addSpecialTokens) {
        int[] ids = tokenizer.encode(text, addSpecialTokens);
        PromptLength.check(what, ids.length, maxPositions());
        return ids;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
