package io.hone.rag.index;

import io.hone.core.HoneException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A committed index opened for search: the reader, a BM25 searcher and the stamp it was built with. */
public final class RagIndex implements AutoCloseable {
    /** Anserini's BEIR settings. */
    public static final float BM25_K1 = 0.9f;
    public static final float BM25_B = 0.4f;

    private final Path dir;
    private final Directory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final IndexStamp stamp;

    private RagIndex(Path dir, Directory directory, DirectoryReader reader, IndexStamp stamp) {
        this.dir = dir;
        this.directory = directory;
        this.reader = reader;
        this.stamp = stamp;
        this.searcher = new IndexSearcher(reader);
        this.searcher.setSimilarity(bm25());
    }

    public static BM25Similarity bm25() {
        return new BM25Similarity(BM25_K1, BM25_B);
    }

    public static RagIndex open(Path dir) {
        if (!Files.isDirectory(dir)) throw new HoneException(dir + ": index directory not found (build one with `hone rag index`)");
        Directory directory = null;
        try {
            directory = FSDirectory.open(dir);
            if (!DirectoryReader.indexExists(directory)) {
                throw new HoneException(dir + ": no committed index here (build one with `hone rag index`)");
            }
            DirectoryReader reader = DirectoryReader.open(directory);
            try {
                IndexStamp stamp = IndexStamp.fromUserData(dir, reader.getIndexCommit().getUserData());
                return new RagIndex(dir, directory, reader, stamp);
            } catch (RuntimeException e) {
                reader.close();
                throw e;
            }
        } catch (IndexFormatTooOldException | IndexFormatTooNewException e) {
            close(directory);
            throw new HoneException(dir + ": written by an incompatible Lucene version: rebuild it with `hone rag index` ("
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            close(directory);
            throw new HoneException(dir + ": cannot open index: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(directory);
            throw e;
        }
    }

    /** The stamp of the last commit in {@code dir}, or null when there is no committed index there. */
    public static IndexStamp readStamp(Path dir) {
        if (!Files.isDirectory(dir)) return null;
        try (Directory d = FSDirectory.open(dir)) {
            if (!DirectoryReader.indexExists(d)) return null;
            try (DirectoryReader r = DirectoryReader.open(d)) {
                return IndexStamp.fromUserData(dir, r.getIndexCommit().getUserData());
            }
        } catch (IndexFormatTooOldException | IndexFormatTooNewException e) {
            throw new HoneException(dir + ": written by an incompatible Lucene version: rebuild it with `hone rag index`", e);
        } catch (IOException e) {
            throw new HoneException(dir + ": cannot open index: " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    public IndexStamp stamp() {
        return stamp;
    }

    public DirectoryReader reader() {
        return reader;
    }

    public IndexSearcher searcher() {
        return searcher;
    }

    @Override
    public void close() {
        try {
            reader.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void close(Directory d) {
        if (d == null) return;
        try {
            d.close();
        } catch (IOException ignored) {
            // already failing with a clearer message
        }
    }
}
