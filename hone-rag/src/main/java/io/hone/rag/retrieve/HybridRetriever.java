package io.hone.rag.retrieve;

import java.util.List;

/** BM25 and dense rankings fused by {@link ReciprocalRankFusion}, each taken {@code depth} deep. */
public final class HybridRetriever implements Retriever {
    private final Retriever sparse;
    private final Retriever dense;
    private final int depth;
    private final int rrfK;

    public HybridRetriever(Retriever sparse, Retriever dense, int depth, int rrfK) {
        this.sparse = sparse;
        this.dense = dense;
        this.depth = depth;
        this.rrfK = rrfK;
    }

    public HybridRetriever(Retriever sparse, Retriever dense) {
        this(sparse, dense, 1000, ReciprocalRankFusion.DEFAULT_K);
    }

    @Override
    public List<Hit> search(String query, int k) {
        int d = Math.max(k, depth);
        return ReciprocalRankFusion.fuse(List.of(sparse.search(query, d), dense.search(query, d)), rrfK, k);
    }

    @Override
    public String name() {
        return "hybrid";
    }
}
