package io.hone.eval.prompt;

import io.hone.core.chat.ChatMessage;

import java.util.List;
import java.util.stream.Collectors;

/** What a language model is given: plain text to continue, or a conversation for a chat model. */
public sealed interface Prompt {
    record Text(String text) implements Prompt {
        @Override
        public String display() {
            return text;
        }
    }

    record Chat(List<ChatMessage> messages) implements Prompt {
        public Chat {
            messages = List.copyOf(messages);
        }

        @Override
        public String display() {
            return messages.stream().map(m -> m.role() + ": " + m.content()).collect(Collectors.joining("\n"));
        }
    }

    /** Human-readable form for logs and per-example output. */
    String display();
}
