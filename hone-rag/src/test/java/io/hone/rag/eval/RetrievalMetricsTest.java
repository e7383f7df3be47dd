package io.hone.rag.eval;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Hand-computed cases; the arithmetic is in the comments. */
class RetrievalMetricsTest {
    static final List<String> RUN = List.of("d1", "d2", "d3", "d4");
    static final Map<String, Integer> QRELS = Map.of("d2", 2, "d4", 1, "d5", 1);

    @Test
    void ndcgUsesGradedGainsAndAnIdealOverAllJudgedDocuments() {
        // DCG = 2/log2(3) + 1/log2(5) = 1.261860 + 0.430677 = 1.692537
        // IDCG = 2/log2(2) + 1/log2(3) + 1/log2(4) = 2 + 0.630930 + 0.5 = 3.130930
        assertThat(RetrievalMetrics.ndcg(RUN, QRELS, 10)).isCloseTo(1.692537 / 3.130930, within(1e-6));
        // cut at 1: DCG 0, at 2: 2/log2(3) over IDCG@2 = 2 + 0.630930
        assertThat(RetrievalMetrics.ndcg(RUN, QRELS, 1)).isZero();
        assertThat(RetrievalMetrics.ndcg(RUN, QRELS, 2)).isCloseTo(1.261860 / 2.630930, within(1e-6));
    }

    @Test
    void recallAndReciprocalRankAreBinary() {
        assertThat(RetrievalMetrics.recall(RUN, QRELS, 100)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(RetrievalMetrics.recall(RUN, QRELS, 2)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(RetrievalMetrics.reciprocalRank(RUN, QRELS, 10)).isEqualTo(0.5);
        assertThat(RetrievalMetrics.reciprocalRank(RUN, QRELS, 1)).isZero();
    }

    @Test
    void gradeZeroIsNotRelevant() {
        Map<String, Integer> q = Map.of("d1", 0, "d2", 1);
        assertThat(RetrievalMetrics.reciprocalRank(List.of("d1", "d2"), q, 10)).isEqualTo(0.5);
        assertThat(RetrievalMetrics.recall(List.of("d1", "d2"), q, 10)).isEqualTo(1.0);
        assertThat(RetrievalMetrics.ndcg(List.of("d1", "d2"), q, 10)).isCloseTo(1 / (Math.log(3) / Math.log(2)), within(1e-12));
    }

    @Test
    void tiesAreBrokenByDocnoDescendingAsTrecEvalDoes() {
        var run = List.of(new RetrievalMetrics.Scored("a", 1.0), new RetrievalMetrics.Scored("b", 2.0),
                new RetrievalMetrics.Scored("c", 1.0), new RetrievalMetrics.Scored("10", 1.0), new RetrievalMetrics.Scored("9", 1.0));
        // strcmp order, descending: "c" > "a" > "9" > "10"
        assertThat(RetrievalMetrics.trecOrder(run)).containsExactly("b", "c", "a", "9", "10");
    }

    @Test
    void noRelevantDocumentsScoresZero() {
        assertThat(RetrievalMetrics.ndcg(RUN, Map.of("x", 0), 10)).isZero();
        assertThat(RetrievalMetrics.recall(RUN, Map.of(), 10)).isZero();
    }
}
