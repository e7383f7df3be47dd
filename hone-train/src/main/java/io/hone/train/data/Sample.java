package io.hone.train.data;

import io.hone.core.chat.ChatMessage;

import java.util.List;

/** One training record as the JSONL file states it, before tokenization. Alpaca records become {@link PromptCompletion}. */
public sealed interface Sample {
    /** Plain text: every token is trained. */
    record Text(String text) implements Sample {}

    /** A prompt and its completion: by default only the completion (and the EOS after it) is trained. */
    record PromptCompletion(String prompt, String completion) implements Sample {}

    /** A conversation rendered with the model's chat template: by default only assistant messages are trained. */
    record Chat(List<ChatMessage> messages) implements Sample {}
}
