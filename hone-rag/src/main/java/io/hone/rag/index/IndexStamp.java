package io.hone.rag.index;

import io.hone.core.HoneException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an index was built with, kept in the Lucene commit's user data so that a reader can refuse an
 * index it would misread (another format, another embedding model, another analyzer).
 */
public record IndexStamp(int format, String embedder, int dimension, String analyzer, int chunkTokens, int chunkOverlap) {
    /** Bumped whenever fields, analysis or vector semantics change. */
    public static final int FORMAT = 1;
    public static final String NO_EMBEDDER = "none";
    /** The analysis BM25 runs on (Lucene's EnglishAnalyzer; Solr's field type built from the same filters). */
    public static final String ANALYZER = "english-porter";

    private static final String K_FORMAT = "hone.rag.format";
    private static final String K_EMBEDDER = "hone.rag.embedder";
    private static final String K_DIM = "hone.rag.dim";
    private static final String K_ANALYZER = "hone.rag.analyzer";
    private static final String K_CHUNK = "hone.rag.chunk.tokens";
    private static final String K_OVERLAP = "hone.rag.chunk.overlap";

    public boolean hasVectors() {
        return !NO_EMBEDDER.equals(embedder);
    }

    /**
     * The stamp a build writes: a new one from the embedder and options, or the existing one when the embedder agrees
     * (its chunking kept, with a note on {@code err} when other options were asked for).
     */
    public static IndexStamp forBuild(IndexStamp existing, String where, String embedderName, int dimension, IndexOptions options,
                                      java.io.PrintStream err) {
        if (existing == null) {
            return new IndexStamp(FORMAT, embedderName, dimension, ANALYZER, options.chunkTokens(), options.chunkOverlap());
        }
        if (!existing.embedder().equals(embedderName)) {
            throw new HoneException(where + ": index was built with embedder " + existing.embedder() + "; re-index with the same "
                    + (existing.hasVectors() ? "--embedder " + existing.embedder() : "--bm25-only") + " or into a new "
                    + (where.startsWith("solr:") ? "collection" : "directory"));
        }
        if (existing.chunkTokens() != options.chunkTokens() || existing.chunkOverlap() != options.chunkOverlap()) {
            err.println("hone: " + where + ": keeping the index's chunking (" + existing.chunkTokens() + " tokens, overlap "
                    + existing.chunkOverlap() + ")");
        }
        return existing;
    }

    public Map<String, String> toUserData() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(K_FORMAT, Integer.toString(format));
        m.put(K_EMBEDDER, embedder);
        m.put(K_DIM, Integer.toString(dimension));
        m.put(K_ANALYZER, analyzer);
        m.put(K_CHUNK, Integer.toString(chunkTokens));
        m.put(K_OVERLAP, Integer.toString(chunkOverlap));
        return m;
    }

    public static IndexStamp fromUserData(Path dir, Map<String, String> data) {
        return fromUserData(String.valueOf(dir), data);
    }

    public static IndexStamp fromUserData(String dir, Map<String, String> data) {
        String format = data.get(K_FORMAT);
        if (format == null) {
            throw new HoneException(dir + ": a Lucene index, but not one written by hone rag (no " + K_FORMAT + " in its commit)");
        }
        int f;
        try {
            f = Integer.parseInt(format);
        } catch (NumberFormatException e) {
            throw new HoneException(dir + ": index format '" + format + "' is not a number");
        }
        if (f != FORMAT) {
            throw new HoneException(dir + ": index format " + f + ", this hone reads format " + FORMAT
                    + ": rebuild it with `hone rag index` into a new directory");
        }
        try {
            return new IndexStamp(f, data.getOrDefault(K_EMBEDDER, NO_EMBEDDER), Integer.parseInt(data.getOrDefault(K_DIM, "0")),
                    data.getOrDefault(K_ANALYZER, ""), Integer.parseInt(data.getOrDefault(K_CHUNK, "0")),
                    Integer.parseInt(data.getOrDefault(K_OVERLAP, "0")));
        } catch (NumberFormatException e) {
            throw new HoneException(dir + ": malformed index stamp: " + e.getMessage());
        }
    }
}
