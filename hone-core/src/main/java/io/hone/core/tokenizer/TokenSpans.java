package io.hone.core.tokenizer;

/** Token ids and where each came from in the text: code-point offsets {@code [starts[i], ends[i])}, -1 for none. */
public record TokenSpans(int[] ids, int[] starts, int[] ends) {}
