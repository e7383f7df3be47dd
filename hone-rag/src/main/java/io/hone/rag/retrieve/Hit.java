package io.hone.rag.retrieve;

/** One retrieved chunk, with what a prompt or a result list needs to show it. */
public record Hit(String chunkId, String docId, String title, String source, int page, String text, float score) {
    public Hit withScore(float newScore) {
        return new Hit(chunkId, docId, title, source, page, text, newScore);
    }
}
