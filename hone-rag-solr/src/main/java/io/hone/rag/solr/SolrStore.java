package io.hone.rag.solr;

import io.hone.core.HoneException;
import io.hone.rag.embed.Embedder;
import io.hone.rag.index.IndexOptions;
import io.hone.rag.index.IndexReport;
import io.hone.rag.index.IndexStore;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A SolrCloud collection as an {@link IndexStore}: {@link SolrIndexer} builds or updates it (a new collection gets
 * {@code shards} × {@code replicas}), {@link SolrRetrievers} searches it. Each call connects and closes its own client.
 */
public record SolrStore(SolrTarget target, int shards, int replicas) implements IndexStore {
    public SolrStore {
        if (shards < 1 || replicas < 1) throw new HoneException("--shards and --replicas must be at least 1");
    }

    @Override
    public String where() {
        return target.where();
    }

    @Override
    public IndexReport index(Path docs, Embedder embedder, IndexOptions options, PrintStream log) {
        try (var c = SolrCollection.connect(target)) {
            return new SolrIndexer(c, embedder, options, shards, replicas, log).index(docs);
        }
    }

    @Override
    public boolean built() {
        try (var c = SolrCollection.connect(target)) {
            return c.exists() && c.stamp() != null;
        }
    }

    @Override
    public Opened open() {
        SolrCollection c = SolrCollection.open(target);
        try {
            var r = new SolrRetrievers(c);
            return new Opened(c, r, r.stamp().hasVectors());
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }
}
