package io.hone.improve;

import io.hone.eval.task.Example;
import io.hone.rag.index.Indexer;
import io.hone.rag.index.RagIndex;
import io.hone.rag.retrieve.Hit;
import io.hone.rag.retrieve.Retrievers;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Grounds task examples in a hone-rag index: each example's input is the query, and the text of its top-k chunks
 * (best first, one per line) becomes the template variable {@code {context}}.
 */
public final class RagContext {
    public static final String FIELD = "context";
    /** The completion template of a RAG prompt program. */
    public static final String TEMPLATE = "Context: {context}\nQuestion: {input}\nAnswer:";

    private RagContext() {}

    /** A BM25-only index of {@code docs} in {@code index} (fast, offline). */
    public static io.hone.rag.index.IndexReport index(Path docs, Path index, PrintStream log) {
        return new Indexer(index, null, io.hone.rag.index.IndexOptions.DEFAULT, log).index(docs);
    }

    /** The examples with {@code context} set from the index ({@code retriever} null: the index's default). */
    public static List<Example> ground(Path index, String retriever, int k, List<Example> examples) {
        try (var idx = RagIndex.open(index); var rs = new Retrievers(idx)) {
            var r = rs.get(retriever == null ? rs.defaultName() : retriever);
            List<Example> out = new ArrayList<>(examples.size());
            for (Example ex : examples) {
                List<Hit> hits = r.search(ex.input(), k);
                String context = hits.stream().map(h -> h.text().strip().replace("\n\n", "\n")).collect(Collectors.joining("\n"));
                Map<String, String> fields = new HashMap<>(ex.fields());
                fields.put(FIELD, context);
                out.add(new Example(ex.id(), ex.input(), ex.targets(), ex.choices(), ex.gold(), fields));
            }
            return out;
        }
    }
}
