package io.hone.rag.ingest;

/** A piece of a {@link Document} that is indexed and retrieved on its own. */
public record Chunk(String docId, int ordinal, String title, String text, String source, int page) {
    public String id() {
        return docId + "#" + ordinal;
    }
}
