package io.hone.cli.rag;

import io.hone.core.HoneException;
import io.hone.rag.embed.Embedder;
import io.hone.rag.index.IndexOptions;
import io.hone.rag.index.IndexReport;
import io.hone.rag.index.Indexer;
import io.hone.rag.index.RagIndex;
import io.hone.rag.retrieve.Retriever;
import io.hone.rag.retrieve.RetrieverFactory;
import io.hone.rag.retrieve.Retrievers;
import io.hone.rag.solr.SolrCollection;
import io.hone.rag.solr.SolrIndexer;
import io.hone.rag.solr.SolrRetrievers;
import io.hone.rag.solr.SolrTarget;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Where the rag commands' index lives: the embedded Lucene index in {@code --index DIR} (the default), or a SolrCloud
 * collection ({@code --backend solr --solr-zk HOST:PORT[/chroot] | --solr-url URL,.. --collection NAME}).
 */
public final class RagBackend {
    @Option(names = "--backend", defaultValue = "embedded", description = "embedded (a local Lucene index in --index, default) or solr (a SolrCloud collection).")
    String backend;
    @Option(names = "--index", description = "Index directory (embedded backend).")
    Path index;
    @Option(names = "--solr-zk", description = "SolrCloud's ZooKeeper: host:2181[,host:2181][/chroot] (solr backend).")
    String solrZk;
    @Option(names = "--solr-url", description = "Solr node URLs, comma-separated, e.g. http://127.0.0.1:8983/solr (solr backend, instead of --solr-zk).")
    String solrUrl;
    @Option(names = "--collection", description = "SolrCloud collection (solr backend); created with hone's configset when indexing into a new one.")
    String collection;
    @Option(names = "--shards", defaultValue = "1", description = "Shards of a collection created here (solr backend, default ${DEFAULT-VALUE}).")
    int shards;
    @Option(names = "--replicas", defaultValue = "1", description = "Replicas per shard of a collection created here (solr backend, default ${DEFAULT-VALUE}).")
    int replicas;

    boolean solr() {
        return switch (backend) {
            case "embedded" -> {
                if (index == null) throw new HoneException("--index DIR is required (or --backend solr with --collection)");
                if (solrZk != null || solrUrl != null || collection != null) {
                    throw new HoneException("--solr-zk, --solr-url and --collection need --backend solr");
                }
                yield false;
            }
            case "solr" -> {
                if (index != null) throw new HoneException("--index is the embedded backend's; with --backend solr give --collection");
                if (collection == null) throw new HoneException("--backend solr needs --collection NAME");
                yield true;
            }
            default -> throw new HoneException("--backend: '" + backend + "' is not a backend (embedded, solr)");
        };
    }

    SolrTarget target() {
        return SolrTarget.of(solrZk, solrUrl, collection);
    }

    /** Builds or updates the index from {@code docs} (a new Solr collection gets --shards × --replicas). */
    IndexReport index(Path docs, Embedder embedder, IndexOptions options, PrintStream err) {
        if (!solr()) return new Indexer(index, embedder, options, err).index(docs);
        if (shards < 1 || replicas < 1) throw new HoneException("--shards and --replicas must be at least 1");
        try (var c = SolrCollection.connect(target())) {
            return new SolrIndexer(c, embedder, options, shards, replicas, err).index(docs);
        }
    }

    /** True when there is an index to search (a committed embedded index, or a stamped collection). */
    boolean built() {
        if (!solr()) return RagIndex.readStamp(index) != null;
        try (var c = SolrCollection.connect(target())) {
            return c.exists() && c.stamp() != null;
        }
    }

    /** The index opened for search, with its retrievers; closing closes both. */
    Opened open() {
        if (!solr()) {
            RagIndex idx = RagIndex.open(index);
            return new Opened(idx, new Retrievers(idx), idx.stamp().hasVectors());
        }
        SolrCollection c = SolrCollection.open(target());
        try {
            var r = new SolrRetrievers(c);
            return new Opened(c, r, r.stamp().hasVectors());
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** An open index (a {@link RagIndex} or a {@link SolrCollection}) and its retrievers. */
    record Opened(AutoCloseable index, RetrieverFactory retrievers, boolean hasVectors) implements RetrieverFactory {
        @Override
        public String defaultName() {
            return retrievers.defaultName();
        }

        @Override
        public Retriever get(String name) {
            return retrievers.get(name);
        }

        @Override
        public void close() {
            retrievers.close();
            try {
                index.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
