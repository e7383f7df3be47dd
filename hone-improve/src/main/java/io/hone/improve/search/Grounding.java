package io.hone.improve.search;

import io.hone.core.HoneException;
import io.hone.eval.prompt.Demo;
import io.hone.eval.task.Example;
import io.hone.improve.RagContext;
import io.hone.rag.embed.Embedders;
import io.hone.rag.index.Indexer;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Retrieval for the search: one index of the documents per chunk size (and with embeddings when a dense or hybrid
 * retriever asks for them), built on first use under {@code indexes/} and kept, and each example's retrieved
 * context cached per retrieval setting.
 */
public final class Grounding {
    private final Path docs;
    private final Path indexes;
    private final PrintStream log;
    private final Map<String, Map<String, String>> contexts = new HashMap<>();

    public Grounding(Path docs, Path indexes, PrintStream log) {
        this.docs = docs;
        this.indexes = indexes;
        this.log = log;
    }

    public boolean available() {
        return docs != null;
    }

    /** The index folder serving {@code r}, built (or brought up to date) when needed. */
    public Path index(Retrieval r) {
        if (docs == null) throw new HoneException("retrieval needs --docs");
        Path dir = indexes.resolve((r.needsEmbeddings() ? Embedders.DEFAULT : "bm25") + "-chunk" + r.chunkTokens());
        if (!Files.isDirectory(dir) || !Files.exists(dir.resolve(".built"))) {
            log.println("indexing " + docs + " into " + dir + " (" + r.chunkTokens() + "-token chunks" + (r.needsEmbeddings() ? ", " + Embedders.DEFAULT + " embeddings" : ", BM25 only") + ")");
            var opts = new io.hone.rag.index.IndexOptions(r.chunkTokens(), Math.max(0, r.chunkTokens() / 8), 32);
            var embedder = r.needsEmbeddings() ? Embedders.open(Embedders.DEFAULT) : null;
            try {
                new Indexer(dir, embedder, opts, log).index(docs);
            } finally {
                if (embedder != null) embedder.close();
            }
            io.hone.core.io.AtomicFile.writeString(dir.resolve(".built"), r.chunkTokens() + "\n");
        }
        return dir;
    }

    /** The examples with {@code {context}} filled from retrieval {@code r}; unchanged when retrieval is off. */
    public List<Example> ground(Retrieval r, List<Example> examples) {
        if (!r.on()) return examples;
        Map<String, String> cache = contexts.computeIfAbsent(r.label(), x -> new HashMap<>());
        List<Example> missing = examples.stream().filter(e -> !cache.containsKey(e.input())).toList();
        if (!missing.isEmpty()) {
            for (Example g : RagContext.ground(index(r), r.retriever(), r.k(), missing)) cache.put(g.input(), g.fields().get(RagContext.FIELD));
        }
        List<Example> out = new ArrayList<>(examples.size());
        for (Example e : examples) out.add(withContext(e, cache.get(e.input())));
        return out;
    }

    /** Demos shown with retrieval on carry their own retrieved context, as the input they stand beside does. */
    public List<Demo> groundDemos(Retrieval r, List<Demo> demos) {
        if (!r.on() || demos.isEmpty()) return demos;
        List<Example> asExamples = demos.stream().map(d -> new Example(d.input(), d.input(), List.of(d.output()), List.of(), -1, d.fields())).toList();
        List<Example> g = ground(r, asExamples);
        List<Demo> out = new ArrayList<>(demos.size());
        for (int i = 0; i < demos.size(); i++) out.add(new Demo(demos.get(i).input(), demos.get(i).output(), g.get(i).fields()));
        return out;
    }

    private static Example withContext(Example e, String context) {
        Map<String, String> f = new HashMap<>(e.fields());
        f.put(RagContext.FIELD, context);
        return new Example(e.id(), e.input(), e.targets(), e.choices(), e.gold(), f);
    }
}
