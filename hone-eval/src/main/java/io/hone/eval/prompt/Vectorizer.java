package io.hone.eval.prompt;

import java.util.List;

/** Texts to vectors whose dot product measures similarity (vectors are L2-normalised). */
public interface Vectorizer {
    /** Prepares the vectorizer on the corpus it will compare against (e.g. document frequencies); may be a no-op. */
    void fit(List<String> corpus);

    float[] embed(String text);

    static double cosine(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }
}
