package io.hone.rag.retrieve;

import java.util.List;

/** Re-scores a first-stage candidate list (e.g. a cross-encoder); returns the candidates in their new order. */
@FunctionalInterface
public interface Reranker {
    List<Hit> rerank(String query, List<Hit> candidates);

    /** Wraps a retriever: fetch {@code depth} candidates, re-rank, keep k. */
    static Retriever over(Retriever first, Reranker reranker, int depth) {
        return new Retriever() {
            @Override
            public List<Hit> search(String query, int k) {
                List<Hit> reranked = reranker.rerank(query, first.search(query, Math.max(k, depth)));
                return reranked.subList(0, Math.min(k, reranked.size()));
            }

            @Override
            public String name() {
                return first.name() + "+rerank";
            }
        };
    }
}
