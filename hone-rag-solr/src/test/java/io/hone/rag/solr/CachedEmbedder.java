package io.hone.rag.solr;

import io.hone.rag.embed.Embedder;
import io.hone.rag.ingest.TokenCounter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real bge-small, each distinct passage and query embedded once: the embedded index and the Solr collection get the
 * very same vectors, and the tests embed the slice once instead of twice. Passages are embedded one batch as given.
 */
final class CachedEmbedder implements Embedder {
    private final Embedder inner;
    private final Map<String, float[]> passages = new HashMap<>(), queries = new HashMap<>();

    CachedEmbedder(Embedder inner) {
        this.inner = inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public int dimension() {
        return inner.dimension();
    }

    @Override
    public int maxTokens() {
        return inner.maxTokens();
    }

    @Override
    public TokenCounter tokenCounter() {
        return inner.tokenCounter();
    }

    @Override
    public synchronized float[][] embedPassages(List<String> texts) {
        List<String> missing = new ArrayList<>();
        for (String t : texts) if (!passages.containsKey(t) && !missing.contains(t)) missing.add(t);
        if (!missing.isEmpty()) {
            float[][] v = inner.embedPassages(missing);
            for (int i = 0; i < v.length; i++) passages.put(missing.get(i), v[i]);
        }
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) out[i] = passages.get(texts.get(i));
        return out;
    }

    @Override
    public synchronized float[] embedQuery(String query) {
        return queries.computeIfAbsent(query, inner::embedQuery);
    }

    @Override
    public void close() {
        // the test closes the inner model
    }
}
