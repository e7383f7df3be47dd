package io.hone.rag.retrieve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A retriever's top k with equal scores ordered the same way on every backend: by chunk id. Engines break ties by
 * their own internal order (Lucene by document number, i.e. indexing order; SolrCloud by the shard a hit came from), so
 * two pages with the same BM25 score would otherwise reach a prompt in a different order, or one instead of the other
 * at the cut. Fetches past k until the score at the cut is followed by a lower one (or the hits run out, or
 * {@link #MAX_DEPTH} is reached), then sorts by score (descending) and chunk id.
 */
public final class StableTopK {
    public static final int MAX_DEPTH = 1000;
    private static final Comparator<Hit> ORDER = Comparator.comparingDouble((Hit h) -> -h.score()).thenComparing(Hit::chunkId);

    private StableTopK() {
    }

    public static List<Hit> search(Retriever r, String query, int k) {
        int n = k + 1;
        while (true) {
            List<Hit> hits = r.search(query, n);
            boolean complete = hits.size() < n || hits.size() <= k || hits.get(k - 1).score() > hits.getLast().score() || n >= MAX_DEPTH;
            if (complete) {
                List<Hit> sorted = new ArrayList<>(hits);
                sorted.sort(ORDER);
                return List.copyOf(sorted.subList(0, Math.min(k, sorted.size())));
            }
            n = Math.min(MAX_DEPTH, 2 * n);
        }
    }
}
