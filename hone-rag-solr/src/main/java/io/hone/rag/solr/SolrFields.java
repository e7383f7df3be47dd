package io.hone.rag.solr;

/** Field names of the collection (configset/schema.xml): those of the embedded index, plus the stamp document's. */
public final class SolrFields {
    public static final String ID = "id";
    public static final String KIND = "kind";
    public static final String KIND_CHUNK = "chunk";
    public static final String KIND_FILE = "file";
    public static final String KIND_STAMP = "stamp";

    public static final String CHUNK_ID = "chunk";
    public static final String DOC_ID = "doc";
    public static final String SOURCE = "source";
    public static final String TITLE = "title";
    public static final String PAGE = "page";
    public static final String TEXT = "text";
    public static final String CONTENTS = "contents";
    public static final String VECTOR = "vector";

    public static final String PATH = "path";
    public static final String HASH = "hash";
    public static final String MTIME = "mtime";

    /** The stamp document: one per collection, {@link io.hone.rag.index.IndexStamp} as {@code key=value} lines. */
    public static final String STAMP_ID = "hone:stamp";
    public static final String STAMP = "stamp";

    /** A chunk's unique key: its path and chunk id, so that two files' chunk ids never collide. */
    public static String chunkKey(String path, String chunkId) {
        return path + "|" + chunkId;
    }

    public static String fileKey(String path) {
        return "file:" + path;
    }

    private SolrFields() {
    }
}
