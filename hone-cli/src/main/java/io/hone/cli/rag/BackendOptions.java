package io.hone.cli.rag;

import io.hone.core.HoneException;
import io.hone.rag.index.EmbeddedStore;
import io.hone.rag.index.IndexStore;
import io.hone.rag.solr.SolrStore;
import io.hone.rag.solr.SolrTarget;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Which backend holds a RAG index, the options every command that retrieves shares ({@code hone rag ...},
 * {@code hone eval --rag}, {@code hone improve}): the embedded Lucene index (the default; its folder is the command's
 * own option) or a SolrCloud collection ({@code --backend solr --solr-zk HOST:PORT[/chroot] | --solr-url URL,..
 * --collection NAME}, and {@code --shards}/{@code --replicas} where a command creates collections).
 */
public final class BackendOptions {
    @Option(names = "--backend", defaultValue = "embedded", description = "embedded (a local Lucene index, default) or solr (a SolrCloud collection).")
    String backend;
    @Option(names = "--solr-zk", description = "SolrCloud's ZooKeeper: host:2181[,host:2181][/chroot] (solr backend).")
    String solrZk;
    @Option(names = "--solr-url", description = "Solr node URLs, comma-separated, e.g. http://127.0.0.1:8983/solr (solr backend, instead of --solr-zk).")
    String solrUrl;
    @Option(names = "--collection", description = "SolrCloud collection (solr backend); created with hone's configset when indexing into a new one.")
    String collection;
    @Option(names = "--shards", description = "Shards of a collection created here (solr backend, default 1).")
    Integer shards;
    @Option(names = "--replicas", description = "Replicas per shard of a collection created here (solr backend, default 1).")
    Integer replicas;

    /** True for {@code --backend solr} (which then needs --collection); the solr options without it are an error. */
    public boolean solr() {
        return switch (backend) {
            case "embedded" -> {
                if (solrZk != null || solrUrl != null || collection != null || shards != null || replicas != null) {
                    throw new HoneException("--solr-zk, --solr-url and --collection need --backend solr");
                }
                yield false;
            }
            case "solr" -> {
                if (collection == null) throw new HoneException("--backend solr needs --collection NAME");
                yield true;
            }
            default -> throw new HoneException("--backend: '" + backend + "' is not a backend (embedded, solr)");
        };
    }

    /** The cluster and collection of {@code --backend solr}. */
    public SolrTarget target() {
        return SolrTarget.of(solrZk, solrUrl, collection);
    }

    /** For a command that only reads collections: --shards and --replicas are refused rather than ignored. */
    public void noLayout(String command) {
        if (shards != null || replicas != null) {
            throw new HoneException("--shards and --replicas apply where a collection is created (hone rag index, hone rag eval), not to " + command);
        }
    }

    /** The store: the embedded index in {@code embeddedDir}, or the Solr collection (a new one gets --shards × --replicas). */
    public IndexStore store(Path embeddedDir) {
        if (!solr()) return new EmbeddedStore(embeddedDir);
        return new SolrStore(target(), shards == null ? 1 : shards, replicas == null ? 1 : replicas);
    }
}
