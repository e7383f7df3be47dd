package io.hone.rag.retrieve;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StableTopKTest {
    static Hit hit(String id, float score) {
        return new Hit(id, id, id, id + ".txt", 0, "text of " + id, score);
    }

    /** Hits in an engine's order (ties in whatever order it has), recording how deep each call asked. */
    record Listed(List<Hit> hits, List<Integer> asked) implements Retriever {
        @Override
        public String name() {
            return "listed";
        }

        @Override
        public List<Hit> search(String query, int k) {
            asked.add(k);
            return hits.subList(0, Math.min(k, hits.size()));
        }
    }

    @Test
    void tiesAtTheCutAreOrderedByChunkIdWhateverTheEnginesOrder() {
        List<Hit> engine = new ArrayList<>(List.of(hit("a", 3), hit("lamps#0", 1), hit("keyboards#0", 1), hit("drones#0", 1), hit("e", 0.5f)));
        var r = new Listed(engine, new ArrayList<>());
        assertThat(StableTopK.search(r, "q", 2)).extracting(Hit::chunkId).containsExactly("a", "drones#0");
        assertThat(r.asked()).containsExactly(3, 6); // the tie ran past k+1, so it looked deeper
        var again = new Listed(List.of(hit("a", 3), hit("b", 2), hit("c", 1)), new ArrayList<>());
        assertThat(StableTopK.search(again, "q", 2)).extracting(Hit::chunkId).containsExactly("a", "b");
        assertThat(again.asked()).containsExactly(3); // no tie at the cut: one call
        assertThat(StableTopK.search(new Listed(List.of(hit("z", 1), hit("y", 1)), new ArrayList<>()), "q", 5))
                .extracting(Hit::chunkId).containsExactly("y", "z");
    }
}
