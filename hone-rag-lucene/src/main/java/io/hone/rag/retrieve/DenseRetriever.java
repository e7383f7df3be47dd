package io.hone.rag.retrieve;

import io.hone.core.HoneException;
import io.hone.rag.embed.Embedder;
import io.hone.rag.index.IndexFields;
import io.hone.rag.index.RagIndex;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Nearest chunks by the HNSW graph over unit vectors (dot product = cosine). */
public final class DenseRetriever implements Retriever {
    private final IndexSearcher searcher;
    private final Embedder embedder;

    public DenseRetriever(RagIndex index, Embedder embedder) {
        var stamp = index.stamp();
        if (!stamp.hasVectors()) {
            throw new HoneException(index.dir() + ": index has no embeddings (built with --bm25-only): use --retriever bm25");
        }
        if (!stamp.embedder().equals(embedder.name())) {
            throw new HoneException(index.dir() + ": index was embedded with " + stamp.embedder() + ", not " + embedder.name());
        }
        this.searcher = index.searcher();
        this.embedder = embedder;
    }

    @Override
    public List<Hit> search(String query, int k) {
        try {
            return StoredHits.of(searcher, searcher.search(new KnnFloatVectorQuery(IndexFields.VECTOR, embedder.embedQuery(query), k), k));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return "dense";
    }
}
