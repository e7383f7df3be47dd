package io.hone.rag.index;

import java.nio.file.Path;

/** Entry point for a child JVM that the crash test kills mid-indexing: BM25-only index of args[0] into args[1]. */
public final class IndexChild {
    public static void main(String[] args) {
        var r = new Indexer(Path.of(args[1]), null, io.hone.rag.index.IndexOptions.DEFAULT, System.err).index(Path.of(args[0]));
        System.out.println("done " + r.chunks());
    }
}
