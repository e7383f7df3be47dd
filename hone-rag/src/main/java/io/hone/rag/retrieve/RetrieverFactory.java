package io.hone.rag.retrieve;

/**
 * Retrievers by name ({@code bm25}, {@code dense}, {@code hybrid}) over one open index, whichever backend holds it
 * (the embedded Lucene index, a SolrCloud collection). Closing it closes the query embedder it opened.
 */
public interface RetrieverFactory extends AutoCloseable {
    /** {@code hybrid} when the index has vectors, else {@code bm25}. */
    String defaultName();

    Retriever get(String name);

    @Override
    void close();
}
