package io.hone.rag.index;

import io.hone.rag.embed.Embedder;
import io.hone.rag.retrieve.Retrievers;

import java.io.PrintStream;
import java.nio.file.Path;

/** The embedded Lucene index in a folder as an {@link IndexStore}: {@link Indexer} builds it, {@link RagIndex} opens it. */
public record EmbeddedStore(Path dir) implements IndexStore {
    @Override
    public String where() {
        return dir.toString();
    }

    @Override
    public IndexReport index(Path docs, Embedder embedder, IndexOptions options, PrintStream log) {
        return new Indexer(dir, embedder, options, log).index(docs);
    }

    @Override
    public boolean built() {
        return RagIndex.readStamp(dir) != null;
    }

    @Override
    public Opened open() {
        RagIndex idx = RagIndex.open(dir);
        return new Opened(idx, new Retrievers(idx), idx.stamp().hasVectors());
    }
}
