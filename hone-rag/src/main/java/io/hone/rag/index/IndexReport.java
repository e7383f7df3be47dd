package io.hone.rag.index;

/** What one index run did; {@code outsideLinks}: links under the docs folder pointing outside it, not followed. */
public record IndexReport(int files, int indexed, int unchanged, int skipped, int removed, int documents, int chunks,
                          double seconds, double embedSeconds, int outsideLinks) {
}
