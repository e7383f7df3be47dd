package io.hone.improve.search;

import io.hone.core.HoneException;
import io.hone.eval.prompt.Demo;
import io.hone.eval.task.Example;
import io.hone.improve.RagContext;
import io.hone.rag.embed.Embedders;
import io.hone.rag.index.EmbeddedStore;
import io.hone.rag.index.IndexOptions;
import io.hone.rag.index.IndexStore;
import io.hone.rag.solr.SolrStore;
import io.hone.rag.solr.SolrTarget;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Retrieval for the search: one index of the documents per chunk size (and with embeddings when a dense or hybrid
 * retriever asks for them), built on first use and kept, and each example's retrieved context cached per retrieval
 * setting. The indexes are embedded ones under {@code indexes/} ({@code bm25-chunk512}, {@code bge-small-chunk512}),
 * or, with a SolrCloud {@code solr} target, collections named after its collection: {@code NAME_c512} (BM25 only) and
 * {@code NAME_c512_bge-small}, each created 1 shard × 1 replica on first use and brought up to date once per run
 * (incremental: unchanged files by hash are skipped).
 */
public final class Grounding {
    private final Path docs;
    private final Path indexes;
    private final SolrTarget solr;
    private final PrintStream log;
    private final Set<String> updated = new HashSet<>();
    private final Map<String, Map<String, Example>> contexts = new HashMap<>();

    /** @param solr null: embedded indexes under {@code indexes} */
    public Grounding(Path docs, Path indexes, SolrTarget solr, PrintStream log) {
        this.docs = docs;
        this.indexes = indexes;
        this.solr = solr;
        this.log = log;
    }

    public boolean available() {
        return docs != null;
    }

    /** The embedded index folder serving {@code r} (built when needed); null on the Solr backend. */
    public Path index(Retrieval r) {
        return store(r) instanceof EmbeddedStore e ? e.dir() : null;
    }

    /** The index serving {@code r}, built (or, on Solr once per run, brought up to date) when needed. */
    public IndexStore store(Retrieval r) {
        if (docs == null) throw new HoneException("retrieval needs --docs");
        String embedder = r.needsEmbeddings() ? Embedders.DEFAULT : null;
        var opts = new IndexOptions(r.chunkTokens(), Math.max(0, r.chunkTokens() / 8), 32);
        if (solr != null) {
            SolrTarget t = solr.withCollection(solr.collection() + "_c" + r.chunkTokens() + (embedder == null ? "" : "_" + embedder));
            IndexStore store = new SolrStore(t, 1, 1);
            if (updated.add(t.collection())) build(store, r, embedder, opts);
            return store;
        }
        Path dir = indexes.resolve((embedder == null ? "bm25" : embedder) + "-chunk" + r.chunkTokens());
        IndexStore store = new EmbeddedStore(dir);
        if (!Files.isDirectory(dir) || !Files.exists(dir.resolve(".built"))) {
            build(store, r, embedder, opts);
            io.hone.core.io.AtomicFile.writeString(dir.resolve(".built"), r.chunkTokens() + "\n");
        }
        return store;
    }

    private void build(IndexStore store, Retrieval r, String embedderName, IndexOptions opts) {
        log.println("indexing " + docs + " into " + store.where() + " (" + r.chunkTokens() + "-token chunks"
                + (embedderName != null ? ", " + embedderName + " embeddings" : ", BM25 only") + ")");
        var embedder = embedderName != null ? Embedders.open(embedderName) : null;
        try {
            store.index(docs, embedder, opts, log);
        } finally {
            if (embedder != null) embedder.close();
        }
    }

    /**
     * The {@code hone eval} options that retrieve as {@code r} does: {@code --rag DIR} ({@code copy}: where the embedded
     * index was copied, null: where it is) or {@code --rag --backend solr --solr-zk .. --collection NAME}, with
     * {@code --rag-k} and {@code --rag-retriever}.
     */
    public String evalOptions(Retrieval r, Path copy) {
        IndexStore store = store(r);
        String where = store instanceof SolrStore s ? "--rag --backend solr " + s.target().options() + " --collection " + s.target().collection()
                : "--rag " + quote(copy != null ? copy : ((EmbeddedStore) store).dir());
        return where + " --rag-k " + r.k() + " --rag-retriever " + r.retriever();
    }

    /** A path as one shell word. */
    public static String quote(Path p) {
        String t = p.toString();
        return t.matches("[A-Za-z0-9_./+@%=:,-]+") ? t : "'" + t.replace("'", "'\\''") + "'";
    }

    /** The examples with {@code {context}} (and the retrieved documents) filled from retrieval {@code r}; unchanged when retrieval is off. */
    public List<Example> ground(Retrieval r, List<Example> examples) {
        if (!r.on()) return examples;
        Map<String, Example> cache = contexts.computeIfAbsent(r.label(), x -> new HashMap<>());
        List<Example> missing = examples.stream().filter(e -> !cache.containsKey(e.input())).toList();
        if (!missing.isEmpty()) {
            for (Example g : RagContext.ground(store(r), r.retriever(), r.k(), missing)) cache.put(g.input(), g);
        }
        List<Example> out = new ArrayList<>(examples.size());
        for (Example e : examples) {
            Example g = cache.get(e.input());
            out.add(RagContext.with(e, g.fields().get(RagContext.FIELD), g.fields().get(RagContext.DOCS_FIELD)));
        }
        return out;
    }

    /** Demos shown with retrieval on carry their own retrieved context, as the input they stand beside does. */
    public List<Demo> groundDemos(Retrieval r, List<Demo> demos) {
        if (!r.on() || demos.isEmpty()) return demos;
        List<Example> asExamples = demos.stream().map(d -> new Example(d.input(), d.input(), List.of(d.output()), List.of(), -1, d.fields())).toList();
        List<Example> g = ground(r, asExamples);
        List<Demo> out = new ArrayList<>(demos.size());
        for (int i = 0; i < demos.size(); i++) {
            Map<String, String> f = new HashMap<>(demos.get(i).fields());
            f.put(RagContext.FIELD, g.get(i).fields().get(RagContext.FIELD)); // the prompt shows the context, not the document ids
            out.add(new Demo(demos.get(i).input(), demos.get(i).output(), f));
        }
        return out;
    }
}
