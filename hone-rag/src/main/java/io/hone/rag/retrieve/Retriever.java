package io.hone.rag.retrieve;

import java.util.List;

/**
 * Ranks chunks for a query, best first. hone-rag-lucene's implementations read one local index, hone-rag-solr's
 * a SolrCloud collection; both plug in behind the same call.
 */
public interface Retriever {
    List<Hit> search(String query, int k);

    /** Short name used in tables and JSON ({@code bm25}, {@code dense}, {@code hybrid}). */
    String name();
}
