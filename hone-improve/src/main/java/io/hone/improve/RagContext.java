package io.hone.improve;

import io.hone.eval.task.Example;
import io.hone.rag.index.IndexStore;
import io.hone.rag.retrieve.Hit;
import io.hone.rag.retrieve.StableTopK;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Grounds task examples in a hone-rag index (embedded or SolrCloud, any {@link IndexStore}): each example's input is the
 * query, the text of its top-k chunks (best first, one per line) becomes the template variable {@code {context}}, and
 * the documents they came from the field {@code context_docs} (one id per line: each hit's document id, and its source
 * file when that differs), which gold-document recall compares with the row's {@code "doc"}. Equal scores are ordered
 * by chunk id ({@link StableTopK}), so every backend grounds an example in the same chunks.
 */
public final class RagContext {
    public static final String FIELD = "context";
    public static final String DOCS_FIELD = "context_docs";
    /** The completion template of a RAG prompt program. */
    public static final String TEMPLATE = "Context: {context}\nQuestion: {input}\nAnswer:";

    private RagContext() {}

    /** The examples with {@code context} and {@code context_docs} set from the index ({@code retriever} null: the index's default). */
    public static List<Example> ground(IndexStore store, String retriever, int k, List<Example> examples) {
        try (var rs = store.open()) {
            var r = rs.get(retriever == null ? rs.defaultName() : retriever);
            List<Example> out = new ArrayList<>(examples.size());
            for (Example ex : examples) {
                List<Hit> hits = StableTopK.search(r, ex.input(), k);
                String context = hits.stream().map(h -> h.text().strip().replace("\n\n", "\n")).collect(Collectors.joining("\n"));
                Set<String> docs = new LinkedHashSet<>();
                for (Hit h : hits) {
                    docs.add(h.docId());
                    if (h.source() != null && !h.source().isBlank()) docs.add(h.source());
                }
                out.add(with(ex, context, String.join("\n", docs)));
            }
            return out;
        }
    }

    /** The example with its retrieved context and documents set. */
    public static Example with(Example e, String context, String docs) {
        Map<String, String> f = new HashMap<>(e.fields());
        f.put(FIELD, context);
        f.put(DOCS_FIELD, docs);
        return new Example(e.id(), e.input(), e.targets(), e.choices(), e.gold(), f);
    }

    /** The retrieved documents of a grounded example. */
    public static List<String> retrievedDocs(Example grounded) {
        return grounded.fields().getOrDefault(DOCS_FIELD, "").lines().filter(s -> !s.isBlank()).toList();
    }
}
