package io.hone.rag.index;

/** Field names of the one Lucene index. Chunk documents and file records share it, told apart by {@link #KIND}. */
public final class IndexFields {
    public static final String KIND = "kind";
    public static final String KIND_CHUNK = "chunk";
    public static final String KIND_FILE = "file";

    // chunk documents
    public static final String CHUNK_ID = "id";
    public static final String DOC_ID = "doc";
    public static final String SOURCE = "source";
    public static final String TITLE = "title";
    public static final String PAGE = "page";
    public static final String TEXT = "text";
    /** title + text, analyzed for BM25 (Anserini's "flat" BEIR setup: one field). */
    public static final String CONTENTS = "contents";
    public static final String VECTOR = "vector";

    // file records (incremental re-index)
    public static final String PATH = "path";
    public static final String HASH = "hash";
    public static final String MTIME = "mtime";

    private IndexFields() {
    }
}
