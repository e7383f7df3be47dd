package io.hone.rag.answer;

import io.hone.core.chat.ChatMessage;
import io.hone.rag.ingest.TokenCounter;

import java.util.List;
import java.util.function.Consumer;

/** Something that answers chat messages: the local model, or an OpenAI-compatible endpoint. */
public interface AnswerModel extends AutoCloseable {
    /** Generates the assistant's reply, streaming pieces to {@code stream} as they arrive; returns the whole reply. */
    String complete(List<ChatMessage> messages, int maxNewTokens, Consumer<String> stream);

    /** Context window in tokens (prompt + answer). */
    int contextTokens();

    TokenCounter tokenCounter();

    @Override
    default void close() {
    }
}
