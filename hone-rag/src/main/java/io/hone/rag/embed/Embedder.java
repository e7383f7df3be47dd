package io.hone.rag.embed;

import io.hone.rag.ingest.TokenCounter;

import java.util.List;

/** A text embedding model: unit-length vectors, so dot product = cosine. */
public interface Embedder extends AutoCloseable {
    /**
     * What {@link Embedders#open} takes to open this model again ({@code bge-small}, {@code minilm}, or the
     * model folder's absolute path). Kept in the index stamp: an index is queried with the embedder that built it.
     */
    String name();

    int dimension();

    /** Longest input in tokens; longer texts are truncated. */
    int maxTokens();

    /** Counts tokens with this model's tokenizer (what the chunker budgets against). */
    TokenCounter tokenCounter();

    /** Embeds passages in one batch. */
    float[][] embedPassages(List<String> texts);

    /** Embeds a query (with the model's query instruction, if it has one). */
    float[] embedQuery(String query);

    @Override
    void close();
}
