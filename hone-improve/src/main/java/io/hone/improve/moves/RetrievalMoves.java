package io.hone.improve.moves;

import io.hone.improve.search.Configuration;
import io.hone.improve.search.Retrieval;
import io.hone.improve.search.Scored;

import java.util.ArrayList;
import java.util.List;

/**
 * The retrieval lever's moves: turn retrieval on (first retriever, first k and chunk size), or step one setting of
 * a parent that retrieves: the next smaller or larger chunk size (re-indexed on first use, indexes kept per
 * setting), one more or one fewer chunk, another retriever.
 */
public final class RetrievalMoves {
    private RetrievalMoves() {}

    public static List<Move> forParent(Scored parent, MoveSettings s) {
        Retrieval r = parent.config().retrieval();
        List<Move> out = new ArrayList<>();
        if (!r.on()) {
            out.add(new To("add-retrieval", new Retrieval(s.retrievers().getFirst(), s.ragK(), s.chunkTokens())));
            return out;
        }
        neighbours(s.chunkChoices(), r.chunkTokens()).forEach(c -> out.add(new To("chunk=" + c, new Retrieval(r.retriever(), r.k(), c))));
        neighbours(s.kChoices(), r.k()).forEach(k -> out.add(new To("k=" + k, new Retrieval(r.retriever(), k, r.chunkTokens()))));
        for (String kind : s.retrievers()) if (!kind.equals(r.retriever())) out.add(new To("retriever=" + kind, new Retrieval(kind, r.k(), r.chunkTokens())));
        return out;
    }

    /** The values just below and just above {@code v} in the sorted choices (v itself need not be one). */
    static List<Integer> neighbours(List<Integer> choices, int v) {
        List<Integer> sorted = choices.stream().sorted().distinct().toList();
        Integer below = null, above = null;
        for (int c : sorted) {
            if (c < v) below = c;
            if (c > v && above == null) above = c;
        }
        List<Integer> out = new ArrayList<>();
        if (below != null) out.add(below);
        if (above != null) out.add(above);
        return out;
    }

    record To(String name, Retrieval target) implements Move {
        public String lever() {
            return "retrieval";
        }

        public Child apply(Scored parent, MoveContext ctx) {
            if (!ctx.scorer().grounding().available()) return null;
            Configuration c = parent.config();
            return new Child(c.withRetrieval(target), c.retrieval().label() + " -> " + target.label(), 0);
        }
    }
}
