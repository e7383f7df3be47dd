package io.hone.eval.prompt;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lexical vectorizer (scikit-learn's TfidfVectorizer): lowercase alphanumeric tokens, sublinear tf (1 + ln tf) times
 * smoothed idf (ln((1 + N) / (1 + df)) + 1, scikit-learn's default), L2-normalised. The vocabulary is the fitted corpus's;
 * unseen words are ignored.
 */
public final class TfIdfVectorizer implements Vectorizer {
    private final Map<String, Integer> vocab = new HashMap<>();
    private float[] idf = new float[0];

    @Override
    public void fit(List<String> corpus) {
        vocab.clear();
        Map<Integer, Integer> df = new HashMap<>();
        for (String doc : corpus) {
            for (String t : counts(doc).keySet()) {
                int id = vocab.computeIfAbsent(t, k -> vocab.size());
                df.merge(id, 1, Integer::sum);
            }
        }
        idf = new float[vocab.size()];
        for (var e : df.entrySet()) idf[e.getKey()] = (float) (Math.log((1.0 + corpus.size()) / (1.0 + e.getValue())) + 1);
    }

    @Override
    public float[] embed(String text) {
        float[] v = new float[idf.length];
        double norm = 0;
        for (var e : counts(text).entrySet()) {
            Integer id = vocab.get(e.getKey());
            if (id == null) continue;
            v[id] = (float) ((1 + Math.log(e.getValue())) * idf[id]);
            norm += (double) v[id] * v[id];
        }
        if (norm > 0) {
            float inv = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < v.length; i++) v[i] *= inv;
        }
        return v;
    }

    static Map<String, Integer> counts(String text) {
        Map<String, Integer> c = new HashMap<>();
        for (String t : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!t.isEmpty()) c.merge(t, 1, Integer::sum);
        }
        return c;
    }
}
