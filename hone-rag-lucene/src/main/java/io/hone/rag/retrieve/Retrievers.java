package io.hone.rag.retrieve;

import io.hone.core.HoneException;
import io.hone.rag.embed.Embedder;
import io.hone.rag.embed.Embedders;
import io.hone.rag.index.RagIndex;

import java.util.function.Supplier;

/** Builds a retriever by name over an open index, opening the index's own embedder when one is needed. */
public final class Retrievers implements RetrieverFactory {
    private final RagIndex index;
    private final Supplier<Embedder> embedderFactory;
    private Embedder embedder;

    public Retrievers(RagIndex index) {
        this(index, () -> Embedders.open(index.stamp().embedder()));
    }

    public Retrievers(RagIndex index, Supplier<Embedder> embedderFactory) {
        this.index = index;
        this.embedderFactory = embedderFactory;
    }

    @Override
    public String defaultName() {
        return index.stamp().hasVectors() ? "hybrid" : "bm25";
    }

    @Override
    public Retriever get(String name) {
        return switch (name) {
            case "bm25" -> new Bm25Retriever(index);
            case "dense" -> new DenseRetriever(index, embedder());
            case "hybrid" -> {
                var dense = new DenseRetriever(index, embedder());
                yield new HybridRetriever(new Bm25Retriever(index), dense);
            }
            default -> throw new HoneException("unknown retriever '" + name + "' (bm25, dense, hybrid)");
        };
    }

    private Embedder embedder() {
        if (embedder == null) {
            if (!index.stamp().hasVectors()) {
                throw new HoneException(index.dir() + ": index has no embeddings (built with --bm25-only): use --retriever bm25");
            }
            embedder = embedderFactory.get();
        }
        return embedder;
    }

    @Override
    public void close() {
        if (embedder != null) embedder.close();
    }
}
