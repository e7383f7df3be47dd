package io.hone.rag.solr;

import io.hone.core.HoneException;
import io.hone.rag.embed.Embedder;
import io.hone.rag.index.IndexStamp;
import io.hone.rag.retrieve.Hit;
import io.hone.rag.retrieve.Retriever;
import org.apache.solr.client.solrj.SolrQuery;

import java.util.List;

/**
 * Nearest chunks by each shard's HNSW graph ({@code {!knn f=vector topK=k}}). topK is per shard: every shard returns
 * its k nearest, the coordinator merges them by score and {@code rows=k} cuts the merged list to the k nearest overall.
 */
public final class SolrDenseRetriever implements Retriever {
    private final SolrCollection collection;
    private final Embedder embedder;

    public SolrDenseRetriever(SolrCollection collection, IndexStamp stamp, Embedder embedder) {
        String where = collection.target().where();
        if (!stamp.hasVectors()) throw new HoneException(where + ": collection has no embeddings (built with --bm25-only): use --retriever bm25");
        if (!stamp.embedder().equals(embedder.name())) {
            throw new HoneException(where + ": collection was embedded with " + stamp.embedder() + ", not " + embedder.name());
        }
        this.collection = collection;
        this.embedder = embedder;
    }

    public SolrQuery query(float[] vector, int k) {
        var v = new StringBuilder(vector.length * 12).append('[');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) v.append(',');
            v.append(vector[i]);
        }
        var q = new SolrQuery("{!knn f=" + SolrFields.VECTOR + " topK=" + k + "}" + v.append(']'));
        q.setRows(k);
        return q;
    }

    @Override
    public List<Hit> search(String query, int k) {
        return SolrHits.search(collection, query(embedder.embedQuery(query), k));
    }

    @Override
    public String name() {
        return "dense";
    }
}
