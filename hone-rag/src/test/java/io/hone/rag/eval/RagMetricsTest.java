package io.hone.rag.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RagMetricsTest {
    static final String CONTEXT = "The zebrafish heart regenerates after injury.\nBarn owls hunt by sound, in complete darkness.";

    @Test
    void normalizesAsSquad() {
        assertThat(RagMetrics.normalize("  The Barn-Owl's  answer, an 'A'! ")).isEqualTo("barn owl s answer");
    }

    @Test
    void contextRecallNeedsWholeTokens() {
        assertThat(RagMetrics.containsAnswer(CONTEXT, List.of("by sound"))).isTrue();
        assertThat(RagMetrics.containsAnswer(CONTEXT, List.of("Sound."))).isTrue();
        assertThat(RagMetrics.containsAnswer(CONTEXT, List.of("ound"))).isFalse(); // part of a word
        assertThat(RagMetrics.containsAnswer(CONTEXT, List.of("sight", ""))).isFalse();
    }

    @Test
    void faithfulnessIsTheShareOfAnswerTokensInTheContext() {
        assertThat(RagMetrics.faithfulness("Owls hunt by sound.", CONTEXT)).isEqualTo(1.0);
        assertThat(RagMetrics.faithfulness("owls hunt by smell", CONTEXT)).isCloseTo(0.75, within(1e-12));
        assertThat(RagMetrics.faithfulness("the", CONTEXT)).isEqualTo(1.0); // nothing claimed
    }

    @Test
    void wrongAnswersSplitIntoRetrievalAndReadingMisses() {
        var s = RagMetrics.summarize(List.of(
                new RagMetrics.Case(CONTEXT, List.of("by sound"), "by sound", true),
                new RagMetrics.Case(CONTEXT, List.of("by sound"), "by smell", false),        // read wrong
                new RagMetrics.Case(CONTEXT, List.of("echolocation"), "by sound", false)));  // never retrieved
        assertThat(s.cases()).isEqualTo(3);
        assertThat(s.contextRecall()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(s.faithfulness()).isCloseTo((1 + 0.5 + 1) / 3.0, within(1e-12));
        assertThat(s.wrong()).isEqualTo(2);
        assertThat(s.retrievalMisses()).isEqualTo(1);
        assertThat(s.readingMisses()).isEqualTo(1);
        assertThat(s.line(3)).startsWith("rag: context recall@3 0.667");
    }
}
