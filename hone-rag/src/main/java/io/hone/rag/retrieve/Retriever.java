package io.hone.rag.retrieve;

import java.util.List;

/**
 * Ranks chunks for a query, best first. The Lucene implementations read one local index; another
 * implementation (a remote OpenSearch/Elasticsearch cluster) plugs in behind the same call.
 */
public interface Retriever {
    List<Hit> search(String query, int k);

    /** Short name used in tables and JSON ({@code bm25}, {@code dense}, {@code hybrid}). */
    String name();
}
