package io.hone.improve.search;

/**
 * The retrieval part of a configuration: off, or the {@code k} best chunks of the documents by {@code retriever}
 * (bm25, dense or hybrid) from an index chunked at {@code chunkTokens} tokens, put into the prompt's {@code {context}}.
 */
public record Retrieval(String retriever, int k, int chunkTokens) {
    public static final Retrieval OFF = new Retrieval("off", 0, 0);

    public boolean on() {
        return !"off".equals(retriever);
    }

    /** Dense and hybrid retrieval need the index built with embeddings. */
    public boolean needsEmbeddings() {
        return "dense".equals(retriever) || "hybrid".equals(retriever);
    }

    public String label() {
        return on() ? retriever + " k=" + k + " chunk=" + chunkTokens : "no retrieval";
    }
}
