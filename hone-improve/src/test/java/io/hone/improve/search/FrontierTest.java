package io.hone.improve.search;

import io.hone.eval.Score;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FrontierTest {
    static Scored scored(String id, int levers, double... perExample) {
        Map<String, Double> m = new LinkedHashMap<>();
        double sum = 0;
        for (int i = 0; i < perExample.length; i++) {
            m.put("e" + i, perExample[i]);
            sum += perExample[i];
        }
        Configuration c = Configuration.BASELINE;
        if (levers >= 1) c = c.withRetrieval(new Retrieval("bm25", 1, 64 + id.hashCode() % 7));
        if (levers >= 2) c = c.withPrompt("ins " + id, List.of());
        var cand = new Candidate(id, null, "m", "x", "", 0, c);
        return new Scored(cand, m, m, new Score("em", sum / perExample.length, 0, 1, perExample.length), true, Spend.ZERO);
    }

    @Test
    void keepsACandidateThatWinsOtherExamplesAndDropsDominatedOnes() {
        Frontier f = new Frontier(List.of("e0", "e1", "e2", "e3"));
        Scored leader = scored("a", 1, 1, 1, 1, 0);
        Scored specialist = scored("b", 1, 0, 0, 0, 1);   // worse mean, but the only one right on e3
        Scored dominated = scored("c", 1, 1, 1, 0, 0);    // never better than the leader
        Scored zero = scored("d", 0, 0, 0, 0, 0);
        for (Scored s : List.of(zero, leader, specialist, dominated)) f.add(s);
        assertThat(f.leader()).isSameAs(leader);
        assertThat(f.pareto()).containsExactlyInAnyOrder(leader, specialist);
        assertThat(f.parents(2)).containsExactly(leader, specialist);
        assertThat(f.parents(1)).containsExactly(leader);
    }

    @Test
    void partialCreditBreaksTiesOfTheMetric() {
        Frontier f = new Frontier(List.of("e0", "e1"));
        Scored nothing = scored("a", 0, 0, 0);
        Map<String, Double> em = Map.of("e0", 0.0, "e1", 0.0), f1 = Map.of("e0", 0.67, "e1", 0.0);
        var c = new Candidate("b", null, "m", "x", "", 0, Configuration.BASELINE.withRetrieval(new Retrieval("bm25", 1, 64)));
        Scored factsNoFormat = new Scored(c, em, f1, new Score("em", 0, 0, 0, 2), true, Spend.ZERO);
        f.add(nothing);
        f.add(factsNoFormat);
        assertThat(f.leader()).isSameAs(factsNoFormat);
        assertThat(f.pareto()).containsExactly(factsNoFormat);
    }

    @Test
    void tiesGoToFewerLeversThenTheEarlierCandidate() {
        Frontier f = new Frontier(List.of("e0", "e1"));
        Scored two = scored("x", 2, 1, 0);
        Scored one = scored("y", 1, 0, 1);
        Scored oneLater = scored("z", 1, 1, 0);
        f.add(two);
        f.add(one);
        f.add(oneLater);
        assertThat(f.leader()).isSameAs(one);
    }
}
