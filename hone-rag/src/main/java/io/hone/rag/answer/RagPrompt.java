package io.hone.rag.answer;

import io.hone.core.chat.ChatMessage;
import io.hone.rag.retrieve.Hit;

import java.util.List;

/** The messages sent to the model and the numbered sources they contain ({@code sources.get(0)} is [1]). */
public record RagPrompt(List<ChatMessage> messages, List<Hit> sources) {
}
