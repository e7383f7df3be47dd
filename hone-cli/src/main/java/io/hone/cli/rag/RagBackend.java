package io.hone.cli.rag;

import io.hone.core.HoneException;
import io.hone.rag.index.IndexStore;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Where the rag commands' index lives: the embedded Lucene index in {@code --index DIR} (the default), or a SolrCloud
 * collection ({@link BackendOptions}: {@code --backend solr --solr-zk HOST:PORT[/chroot] | --solr-url URL,.. --collection NAME}).
 */
public final class RagBackend {
    @Mixin
    BackendOptions backend;
    @Option(names = "--index", description = "Index directory (embedded backend).")
    Path index;

    /** The store of a command that only searches: {@code --shards}/{@code --replicas} (layout of a new collection) are refused. */
    IndexStore searchStore(String command) {
        backend.noLayout(command);
        return store();
    }

    /** The index's store, the options checked. */
    IndexStore store() {
        if (backend.solr()) {
            if (index != null) throw new HoneException("--index is the embedded backend's; with --backend solr give --collection");
        } else if (index == null) {
            throw new HoneException("--index DIR is required (or --backend solr with --collection)");
        }
        return backend.store(index);
    }
}
