package io.hone.eval.prompt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * kNN few-shot selection (Liu et al., 2022, "What makes good in-context examples"): the pool demos whose inputs are
 * most similar to the query. Indexes are built once per pool (kept for the few most recent pools).
 */
public final class KnnDemos {
    private static final int KEEP = 4;
    private static final Map<List<Demo>, Index> INDEXES = new LinkedHashMap<>();
    private static final Supplier<Vectorizer> vectorizers = TfIdfVectorizer::new;

    private KnnDemos() {}

    /** The k most similar demos, most similar last (closest to the question, as in Liu et al.); ties keep pool order. */
    public static List<Demo> nearest(List<Demo> pool, String query, int k) {
        Index idx = index(pool);
        float[] q = idx.vectorizer.embed(query);
        List<Integer> order = new ArrayList<>();
        double[] sim = new double[pool.size()];
        for (int i = 0; i < pool.size(); i++) {
            // an exact copy of the query in the pool would leak its answer
            sim[i] = pool.get(i).input().equals(query) ? Double.NEGATIVE_INFINITY : Vectorizer.cosine(q, idx.vectors.get(i));
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -sim[i]).thenComparingInt(i -> i));
        List<Demo> out = new ArrayList<>();
        for (int i : order) {
            if (out.size() == k || sim[i] == Double.NEGATIVE_INFINITY) break;
            out.add(pool.get(i));
        }
        return out.reversed();
    }

    private static synchronized Index index(List<Demo> pool) {
        for (var e : INDEXES.entrySet()) if (e.getKey() == pool) return e.getValue();
        Vectorizer emb = vectorizers.get();
        List<String> inputs = pool.stream().map(Demo::input).toList();
        emb.fit(inputs);
        Index idx = new Index(emb, inputs.stream().map(emb::embed).toList());
        if (INDEXES.size() >= KEEP) INDEXES.remove(INDEXES.keySet().iterator().next());
        INDEXES.put(pool, idx);
        return idx;
    }

    private record Index(Vectorizer vectorizer, List<float[]> vectors) {}
}
