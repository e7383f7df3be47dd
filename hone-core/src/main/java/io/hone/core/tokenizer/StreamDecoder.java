package io.hone.core.tokenizer;

import java.util.Arrays;

/**
 * Incremental detokenizer for generation: feed ids one at a time, get back only the text they complete.
 *
 * <p>Decoding ids one by one is wrong for two reasons: a character can span several byte-level or
 * byte-fallback tokens (the partial text ends in U+FFFD), and SentencePiece decoders drop the leading space
 * of the first token of whatever sequence they decode. So each step decodes a short window twice, with and
 * without the new ids, starting from the same token, and emits the difference once it no longer ends in
 * U+FFFD (the text-generation-inference scheme). The concatenation of all outputs plus {@link #flush()}
 * equals {@code decode(allIds)}, at O(window) cost per token instead of O(length).
 *
 * <p>Seeded with a context (the prompt's ids), the window starts inside the context, so the first new token reads as
 * it does after the context ({@code ▁was} after {@code Zoo} is {@code " was"}): context text + output ==
 * {@code decode(context + ids)}, the contract OpenAI-compatible servers keep.
 */
public final class StreamDecoder {
    private static final char REPLACEMENT = '\uFFFD';
    /** How many of the context's last ids the window keeps: one fixes the leading space; vLLM keeps 5. */
    private static final int CONTEXT_IDS = 5;

    private final Tokenizer tokenizer;
    private final boolean skipSpecialTokens;
    private int[] ids = new int[64];
    private int size;
    private int prefixOffset; // start of the window both decodes share
    private int readOffset;   // end of the ids already turned into emitted text
    private final int start;  // ids before it are the seeded context, never emitted

    StreamDecoder(Tokenizer tokenizer, boolean skipSpecialTokens, int[] context) {
        this.tokenizer = tokenizer;
        this.skipSpecialTokens = skipSpecialTokens;
        int keep = Math.min(context.length, CONTEXT_IDS);
        ids = Arrays.copyOf(Arrays.copyOfRange(context, context.length - keep, context.length), Math.max(64, keep * 2));
        size = keep;
        readOffset = keep;
        start = keep;
    }

    /** Adds one id; returns the newly completed text, possibly empty. */
    public String next(int id) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        ids[size++] = id;
        String prefix = tokenizer.decode(ids, prefixOffset, readOffset, skipSpecialTokens);
        String full = tokenizer.decode(ids, prefixOffset, size, skipSpecialTokens);
        if (full.length() > prefix.length() && full.charAt(full.length() - 1) != REPLACEMENT) {
            prefixOffset = readOffset;
            readOffset = size;
            return full.substring(prefix.length());
        }
        return "";
    }

    /**
     * Returns the text still held back, as {@code decode} renders it (an incomplete character as U+FFFD).
     * Call it when generation ends.
     */
    public String flush() {
        String prefix = tokenizer.decode(ids, prefixOffset, readOffset, skipSpecialTokens);
        String full = tokenizer.decode(ids, prefixOffset, size, skipSpecialTokens);
        prefixOffset = readOffset;
        readOffset = size;
        return full.length() > prefix.length() ? full.substring(prefix.length()) : "";
    }

    /** All ids fed so far (not the seeded context). */
    public int[] ids() {
        return Arrays.copyOfRange(ids, start, size);
    }
}
