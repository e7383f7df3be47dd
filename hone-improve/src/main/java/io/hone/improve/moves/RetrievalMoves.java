package io.hone.improve.moves;

import io.hone.improve.search.Configuration;
import io.hone.improve.search.Retrieval;
import io.hone.improve.search.Scored;

import java.util.ArrayList;
import java.util.List;

/**
 * The retrieval lever's moves: turn retrieval on (first retriever and k; the first chunk size, then each other), or change one setting of
 * a parent that retrieves: every other chunk size (re-indexed on first use, indexes kept per setting), every other
 * number of chunks, every other retriever. Retrieval moves cost no training, so the whole neighbourhood is tried;
 * the dev minibatch screens it.
 */
public final class RetrievalMoves {
    private RetrievalMoves() {}

    public static List<Move> forParent(Scored parent, MoveSettings s) {
        Retrieval r = parent.config().retrieval();
        List<Move> out = new ArrayList<>();
        if (!r.on()) {
            // turning retrieval on costs no training: try it at every chunk size, the configured one first
            out.add(new To("add-retrieval", new Retrieval(s.retrievers().getFirst(), s.ragK(), s.chunkTokens())));
            for (int c : s.chunkChoices()) {
                if (c != s.chunkTokens()) out.add(new To("add-retrieval chunk=" + c, new Retrieval(s.retrievers().getFirst(), s.ragK(), c)));
            }
            return out;
        }
        for (int c : s.chunkChoices()) if (c != r.chunkTokens()) out.add(new To("chunk=" + c, new Retrieval(r.retriever(), r.k(), c)));
        for (int k : s.kChoices()) if (k != r.k()) out.add(new To("k=" + k, new Retrieval(r.retriever(), k, r.chunkTokens())));
        for (String kind : s.retrievers()) if (!kind.equals(r.retriever())) out.add(new To("retriever=" + kind, new Retrieval(kind, r.k(), r.chunkTokens())));
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
