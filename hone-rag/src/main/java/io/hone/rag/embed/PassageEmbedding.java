package io.hone.rag.embed;

import io.hone.core.progress.ProgressBar;
import io.hone.rag.ingest.Chunk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Embeds chunks as passages, in batches of similar length (less padding); every index backend stores these vectors. */
public final class PassageEmbedding {
    private PassageEmbedding() {
    }

    /** What the embedding model sees: the title, then the chunk (as BEIR embeds title + text). */
    public static String passage(Chunk c) {
        return c.title().isBlank() ? c.text() : c.title() + " " + c.text();
    }

    /** Vectors in the order of {@code chunks}. */
    public static float[][] embed(Embedder embedder, List<Chunk> chunks, int batchSize, ProgressBar progress) {
        Integer[] order = new Integer[chunks.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingInt(i -> chunks.get(i).text().length()));
        float[][] out = new float[chunks.size()][];
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(order.length, from + batchSize);
            List<String> texts = new ArrayList<>(to - from);
            for (int j = from; j < to; j++) texts.add(passage(chunks.get(order[j])));
            float[][] v = embedder.embedPassages(texts);
            for (int j = from; j < to; j++) out[order[j]] = v[j - from];
            progress.advance(to - from);
        }
        return out;
    }
}
