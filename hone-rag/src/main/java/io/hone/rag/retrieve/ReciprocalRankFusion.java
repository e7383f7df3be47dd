package io.hone.rag.retrieve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack, Clarke, Büttcher 2009): score(d) = Σ over lists of 1 / (k + rank(d)),
 * rank 1-based, k = 60. Only ranks count, so BM25 and cosine scores need no calibration.
 */
public final class ReciprocalRankFusion {
    public static final int DEFAULT_K = 60;

    private ReciprocalRankFusion() {
    }

    public static List<Hit> fuse(List<List<Hit>> rankings, int k, int limit) {
        Map<String, Hit> first = new LinkedHashMap<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        for (List<Hit> ranking : rankings) {
            for (int i = 0; i < ranking.size(); i++) {
                Hit h = ranking.get(i);
                first.putIfAbsent(h.chunkId(), h);
                scores.merge(h.chunkId(), 1.0 / (k + i + 1), Double::sum);
            }
        }
        List<Hit> out = new ArrayList<>(scores.size());
        for (var e : scores.entrySet()) out.add(first.get(e.getKey()).withScore(e.getValue().floatValue()));
        // stable sort: equal fused scores keep the order of first appearance
        out.sort((a, b) -> Float.compare(b.score(), a.score()));
        return out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
    }
}
