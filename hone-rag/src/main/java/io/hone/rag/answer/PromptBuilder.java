package io.hone.rag.answer;

import io.hone.core.chat.ChatMessage;
import io.hone.rag.ingest.TokenCounter;
import io.hone.rag.retrieve.Hit;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts retrieved chunks into a chat prompt as numbered sources, best first, as many as fit the model's
 * context after room for the answer; the last one that does not fit whole is cut at a word boundary.
 */
public final class PromptBuilder {
    public static final String SYSTEM = "Answer the question using only the numbered sources. Cite the sources you use "
            + "by their number in brackets, like [1]. If the sources do not contain the answer, say that you do not know.";
    /** Tokens kept free for the chat template's own markup, which the counter does not see. */
    static final int TEMPLATE_MARGIN = 64;
    private static final int MIN_USEFUL_TOKENS = 32;

    private final TokenCounter counter;
    private final int contextTokens;
    private final int answerTokens;

    public PromptBuilder(TokenCounter counter, int contextTokens, int answerTokens) {
        this.counter = counter;
        this.contextTokens = contextTokens;
        this.answerTokens = answerTokens;
    }

    public RagPrompt build(String question, List<Hit> hits) {
        String tail = "\nQuestion: " + question;
        int budget = contextTokens - answerTokens - TEMPLATE_MARGIN - counter.count(SYSTEM) - counter.count("Sources:\n" + tail);
        StringBuilder sources = new StringBuilder("Sources:\n");
        List<Hit> used = new ArrayList<>();
        for (Hit h : hits) {
            String head = "[" + (used.size() + 1) + "] " + label(h) + "\n";
            String block = head + h.text().strip() + "\n\n";
            int cost = counter.count(block);
            if (cost <= budget) {
                sources.append(block);
                used.add(h);
                budget -= cost;
                continue;
            }
            int room = budget - counter.count(head) - counter.count(" …");
            if (room >= MIN_USEFUL_TOKENS) {
                sources.append(head).append(cut(h.text().strip(), room)).append("\n\n");
                used.add(h);
            }
            break;
        }
        List<ChatMessage> messages = List.of(new ChatMessage("system", SYSTEM),
                new ChatMessage("user", sources.toString().stripTrailing() + "\n" + tail));
        return new RagPrompt(messages, used);
    }

    /** {@code title (source, p. N)}, the way sources are shown to the model and to the user. */
    public static String label(Hit h) {
        String title = h.title() == null || h.title().isBlank() ? h.docId() : h.title();
        return title + " (" + h.source() + (h.page() > 0 ? ", p. " + h.page() : "") + ")";
    }

    private String cut(String text, int tokens) {
        String[] words = text.split("\\s+");
        int lo = 0, hi = words.length;
        while (lo < hi) { // longest prefix of words that fits
            int mid = (lo + hi + 1) / 2;
            if (counter.count(String.join(" ", java.util.Arrays.copyOf(words, mid))) <= tokens) lo = mid;
            else hi = mid - 1;
        }
        return String.join(" ", java.util.Arrays.copyOf(words, lo)) + " …";
    }
}
