package io.hone.rag.solr;

import io.hone.core.HoneException;
import io.hone.rag.embed.Embedder;
import io.hone.rag.embed.Embedders;
import io.hone.rag.index.IndexStamp;
import io.hone.rag.retrieve.HybridRetriever;
import io.hone.rag.retrieve.Retriever;
import io.hone.rag.retrieve.RetrieverFactory;

import java.util.function.Supplier;

/** Retrievers by name over a SolrCloud collection; hybrid fuses Solr's BM25 and kNN lists on the client (the same RRF). */
public final class SolrRetrievers implements RetrieverFactory {
    private final SolrCollection collection;
    private final IndexStamp stamp;
    private final Supplier<Embedder> embedderFactory;
    private Embedder embedder;

    public SolrRetrievers(SolrCollection collection) {
        this(collection, null);
    }

    /** @param embedderFactory null: the collection's own embedder */
    public SolrRetrievers(SolrCollection collection, Supplier<Embedder> embedderFactory) {
        this.collection = collection;
        this.stamp = collection.stamp();
        if (stamp == null) throw new HoneException(collection.target().where() + ": collection holds no hone stamp (not built by `hone rag index`)");
        this.embedderFactory = embedderFactory != null ? embedderFactory : () -> Embedders.open(stamp.embedder());
    }

    public IndexStamp stamp() {
        return stamp;
    }

    @Override
    public String defaultName() {
        return stamp.hasVectors() ? "hybrid" : "bm25";
    }

    @Override
    public Retriever get(String name) {
        return switch (name) {
            case "bm25" -> new SolrBm25Retriever(collection);
            case "dense" -> new SolrDenseRetriever(collection, stamp, embedder());
            case "hybrid" -> new HybridRetriever(new SolrBm25Retriever(collection), new SolrDenseRetriever(collection, stamp, embedder()));
            default -> throw new HoneException("unknown retriever '" + name + "' (bm25, dense, hybrid)");
        };
    }

    private Embedder embedder() {
        if (embedder == null) {
            if (!stamp.hasVectors()) {
                throw new HoneException(collection.target().where() + ": collection has no embeddings (built with --bm25-only): use --retriever bm25");
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
