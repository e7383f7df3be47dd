package io.hone.rag.eval;

import io.hone.rag.retrieve.Hit;
import io.hone.rag.retrieve.Retriever;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every query of a collection through a retriever and averages nDCG@10, recall@100 and MRR@10 over
 * the judged queries. Chunks are collapsed to documents by their best score (MaxP) before scoring.
 */
public final class RetrievalEval {
    public static final int DEPTH = 100;

    public record Result(String retriever, double ndcg10, double recall100, double mrr10, int queries,
                         double p50Millis, double p95Millis) {
    }

    private RetrievalEval() {
    }

    public static Result run(Retriever retriever, BeirCollection collection) {
        double ndcg = 0, recall = 0, mrr = 0;
        List<Double> millis = new ArrayList<>();
        for (var q : collection.queries().entrySet()) {
            long t0 = System.nanoTime();
            // chunks of one document may fill several places: fetch deeper, then collapse
            List<Hit> hits = retriever.search(q.getValue(), DEPTH * 3);
            millis.add((System.nanoTime() - t0) / 1e6);
            List<String> ranking = documentRanking(hits, DEPTH);
            Map<String, Integer> rels = collection.qrels().get(q.getKey());
            ndcg += RetrievalMetrics.ndcg(ranking, rels, 10);
            recall += RetrievalMetrics.recall(ranking, rels, 100);
            mrr += RetrievalMetrics.reciprocalRank(ranking, rels, 10);
        }
        int n = collection.queries().size();
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Result(retriever.name(), ndcg / n, recall / n, mrr / n, n, percentile(sorted, 50), percentile(sorted, 95));
    }

    /** Best chunk score per document, top {@code depth} documents in trec_eval order. */
    public static List<String> documentRanking(List<Hit> hits, int depth) {
        Map<String, Double> best = new LinkedHashMap<>();
        for (Hit h : hits) best.merge(h.docId(), (double) h.score(), Math::max);
        List<RetrievalMetrics.Scored> run = new ArrayList<>(best.size());
        best.forEach((id, s) -> run.add(new RetrievalMetrics.Scored(id, s)));
        List<String> order = RetrievalMetrics.trecOrder(run);
        return order.size() > depth ? order.subList(0, depth) : order;
    }

    static double percentile(double[] sorted, int p) {
        if (sorted.length == 0) return 0;
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    public static String table(List<Result> results) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-10s %8s %10s %8s %8s %8s%n", "retriever", "nDCG@10", "recall@100", "MRR@10", "p50 ms", "p95 ms"));
        for (Result r : results) {
            sb.append(String.format(java.util.Locale.ROOT, "%-10s %8.4f %10.4f %8.4f %8.1f %8.1f%n", r.retriever(), r.ndcg10(),
                    r.recall100(), r.mrr10(), r.p50Millis(), r.p95Millis()));
        }
        return sb.toString();
    }

    public static String json(List<Result> results) {
        StringBuilder sb = new StringBuilder("{");
        for (Result r : results) {
            if (sb.length() > 1) sb.append(", ");
            sb.append(String.format(java.util.Locale.ROOT, "\"%s\": {\"ndcg@10\": %.4f, \"recall@100\": %.4f, \"mrr@10\": %.4f}",
                    r.retriever(), r.ndcg10(), r.recall100(), r.mrr10()));
        }
        return sb.append("}").toString();
    }

}
