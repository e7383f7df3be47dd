package io.hone.rag.retrieve;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The re-ranking hook: the first stage is asked for {@code depth} candidates, the reranker's order wins, k are kept. */
class RerankerTest {
    private final List<Integer> asked = new ArrayList<>();
    private final Retriever first = new Retriever() {
        @Override
        public List<Hit> search(String query, int k) {
            asked.add(k);
            List<Hit> hits = new ArrayList<>();
            for (int i = 0; i < Math.min(k, 30); i++) hits.add(new Hit("c" + i, "d" + i, "", "", 0, "text " + i, 30 - i));
            return hits;
        }

        @Override
        public String name() {
            return "bm25";
        }
    };

    /** Prefers chunks whose number is divisible by 7, as a cross-encoder would promote what the first stage ranked low. */
    private final Reranker sevens = (q, cands) -> cands.stream()
            .map(h -> h.withScore(Integer.parseInt(h.chunkId().substring(1)) % 7 == 0 ? 100 + h.score() : h.score()))
            .sorted(Comparator.comparingDouble(Hit::score).reversed()).toList();

    @Test
    void fetchesDepthCandidatesAndKeepsTheRerankersTopK() {
        Retriever r = Reranker.over(first, sevens, 20);
        List<Hit> top = r.search("q", 4);
        assertThat(asked).containsExactly(20);
        assertThat(top).extracting(Hit::chunkId).containsExactly("c0", "c7", "c14", "c1");
        assertThat(r.name()).isEqualTo("bm25+rerank");
    }

    @Test
    void kAboveDepthAsksForKAndShortListsStayShort() {
        Retriever r = Reranker.over(first, sevens, 5);
        assertThat(r.search("q", 10)).hasSize(10);
        assertThat(asked).containsExactly(10);
        assertThat(r.search("q", 50)).hasSize(30); // the first stage had only 30
    }
}
