package io.hone.rag.embed;

/** How token vectors become one sentence vector (sentence-transformers' pooling modes). */
public enum Pooling {
    /** The first ([CLS]) token's vector: BGE. */
    CLS,
    /** Mean over non-padding tokens: MiniLM and most sentence-transformers models. */
    MEAN
}
