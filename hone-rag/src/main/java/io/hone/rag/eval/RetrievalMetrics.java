package io.hone.rag.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Per-query metrics as trec_eval computes them. The ranking must already be in trec_eval order
 * ({@link #trecOrder}); qrels map docid → graded relevance, and a document is relevant when its grade is > 0.
 */
public final class RetrievalMetrics {
    private RetrievalMetrics() {
    }

    public record Scored(String docId, double score) {
    }

    /** trec_eval ignores the run's ranks: it sorts by score descending, ties by docno descending (strcmp). */
    public static List<String> trecOrder(List<Scored> run) {
        List<Scored> sorted = new ArrayList<>(run);
        sorted.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::docId, Comparator.reverseOrder()));
        List<String> ids = new ArrayList<>(sorted.size());
        for (Scored s : sorted) ids.add(s.docId());
        return ids;
    }

    /** nDCG@k (trec_eval ndcg_cut): gain = grade, discount log2(rank + 1), ideal from all judged grades. */
    public static double ndcg(List<String> ranking, Map<String, Integer> qrels, int k) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranking.size()); i++) {
            int rel = qrels.getOrDefault(ranking.get(i), 0);
            if (rel > 0) dcg += rel / log2(i + 2);
        }
        List<Integer> grades = new ArrayList<>(qrels.values());
        grades.sort(Comparator.reverseOrder());
        double ideal = 0;
        for (int i = 0; i < Math.min(k, grades.size()); i++) {
            if (grades.get(i) > 0) ideal += grades.get(i) / log2(i + 2);
        }
        return ideal == 0 ? 0 : dcg / ideal;
    }

    /** recall@k: relevant documents in the top k / all relevant documents. */
    public static double recall(List<String> ranking, Map<String, Integer> qrels, int k) {
        long relevant = qrels.values().stream().filter(r -> r > 0).count();
        if (relevant == 0) return 0;
        int found = 0;
        for (int i = 0; i < Math.min(k, ranking.size()); i++) if (qrels.getOrDefault(ranking.get(i), 0) > 0) found++;
        return (double) found / relevant;
    }

    /** MRR@k: 1 / rank of the first relevant document within the top k, else 0. */
    public static double reciprocalRank(List<String> ranking, Map<String, Integer> qrels, int k) {
        for (int i = 0; i < Math.min(k, ranking.size()); i++) {
            if (qrels.getOrDefault(ranking.get(i), 0) > 0) return 1.0 / (i + 1);
        }
        return 0;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
