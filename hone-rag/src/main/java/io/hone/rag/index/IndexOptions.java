package io.hone.rag.index;

/**
 * How files become chunks and vectors, for any index backend.
 *
 * @param followSymlinks also index links under the docs folder whose real target is outside it
 */
public record IndexOptions(int chunkTokens, int chunkOverlap, int batchSize, boolean followSymlinks) {
    public static final IndexOptions DEFAULT = new IndexOptions(512, 64, 32);

    public IndexOptions(int chunkTokens, int chunkOverlap, int batchSize) {
        this(chunkTokens, chunkOverlap, batchSize, false);
    }
}
