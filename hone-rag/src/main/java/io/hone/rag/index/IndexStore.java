package io.hone.rag.index;

import io.hone.rag.embed.Embedder;
import io.hone.rag.retrieve.RetrieverFactory;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Where a RAG index lives, whichever backend holds it: the embedded Lucene index in a folder (hone-rag-lucene's
 * {@code EmbeddedStore}) or a SolrCloud collection (hone-rag-solr's {@code SolrStore}). Commands and {@code hone improve}
 * build, update and search through this, so neither needs to know which one it has.
 */
public interface IndexStore {
    /** The index as messages name it: the folder, or {@code solr:NAME}. */
    String where();

    /** Builds or updates the index from {@code docs} (incremental: unchanged files by hash are skipped). {@code embedder} null: BM25 only. */
    IndexReport index(Path docs, Embedder embedder, IndexOptions options, PrintStream log);

    /** True when there is a committed index to search (a stamped folder or collection). */
    boolean built();

    /** The index opened for search, with its retrievers; closing closes both. */
    Opened open();

    /** An open index and its retrievers by name; {@code hasVectors}: it was built with embeddings. */
    record Opened(AutoCloseable index, RetrieverFactory retrievers, boolean hasVectors) implements RetrieverFactory {
        @Override
        public String defaultName() {
            return retrievers.defaultName();
        }

        @Override
        public io.hone.rag.retrieve.Retriever get(String name) {
            return retrievers.get(name);
        }

        @Override
        public void close() {
            try {
                retrievers.close();
            } finally {
                try {
                    index.close();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
