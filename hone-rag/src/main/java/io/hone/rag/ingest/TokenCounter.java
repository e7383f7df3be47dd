package io.hone.rag.ingest;

/** Counts tokens the way the model that will read a chunk does (or close to it). */
@FunctionalInterface
public interface TokenCounter {
    int count(String text);

    /**
     * A word-piece approximation for when no tokenizer is at hand: one token per punctuation mark,
     * one per word, plus one for every 6 characters past the first 6 (BERT-style vocabularies split
     * long and rare words into pieces of about that length).
     */
    TokenCounter WORD_PIECE_ESTIMATE = text -> {
        int tokens = 0, wordLen = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                wordLen++;
            } else {
                if (wordLen > 0) tokens += 1 + (wordLen - 1) / 6;
                wordLen = 0;
                if (!Character.isWhitespace(c)) tokens++;
            }
        }
        if (wordLen > 0) tokens += 1 + (wordLen - 1) / 6;
        return tokens;
    };
}
