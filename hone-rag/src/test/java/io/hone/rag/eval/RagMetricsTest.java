package io.hone.rag.eval;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RagMetricsTest {
    static final String CONTEXT = "The zebrafish heart regenerates after injury.\nBarn owls hunt by sound, in complete darkness.";
    static final String PAGE = "Zorblaqui 412 is a red kettle made in Chile. Price: $870. Weight: 4.9 kg. Warranty: 2 years.";

    static RagMetrics.Case answer(String context, String gold, String answer, boolean correct) {
        return new RagMetrics.Case(context, Set.of(), List.of(gold), Set.of(), answer, correct);
    }

    @Test
    void normalizesAsSquad() {
        assertThat(RagMetrics.normalize("  The Barn-Owl's  answer, an 'A'! ")).isEqualTo("barn owl s answer");
    }

    @Test
    void aFormattedAnswerIsFoundInAPageThatWordsItOtherwise() {
        // the quickstart's answers: "$870 (price)" against a page saying "Price: $870." (the whole-string rule missed every one)
        assertThat(RagMetrics.answerRecall(PAGE, List.of("$870 (price)"))).isEqualTo(1.0);
        assertThat(RagMetrics.containsAnswer(PAGE, List.of("4.9 kg (weight)"))).isTrue();
        assertThat(RagMetrics.containsAnswer(PAGE, List.of("2 years (warranty)"))).isTrue();
        // another product's price: only "price" is there (1 of 2 tokens), below the 0.8 hit line
        assertThat(RagMetrics.answerRecall(PAGE, List.of("$871 (price)"))).isEqualTo(0.5);
        assertThat(RagMetrics.containsAnswer(PAGE, List.of("$871 (price)"))).isFalse();
        // 4 of 5 tokens is a hit, 3 of 4 is not; the best of several golds counts
        assertThat(RagMetrics.containsAnswer(PAGE, List.of("red kettle made in mars"))).isTrue();
        assertThat(RagMetrics.containsAnswer(PAGE, List.of("red kettle chile mars"))).isFalse();
        assertThat(RagMetrics.answerRecall(PAGE, List.of("blue", "red"))).isEqualTo(1.0);
    }

    @Test
    void contextRecallNeedsWholeTokens() {
        assertThat(RagMetrics.containsAnswer(CONTEXT, List.of("by sound"))).isTrue();
        assertThat(RagMetrics.containsAnswer(CONTEXT, List.of("Sound."))).isTrue();
        assertThat(RagMetrics.containsAnswer(CONTEXT, List.of("ound"))).isFalse(); // part of a word
        assertThat(RagMetrics.containsAnswer(CONTEXT, List.of("sight", ""))).isFalse();
        assertThat(RagMetrics.containsAnswer("weighs 11.5 kg", List.of("1.5 kg"))).isFalse(); // 11 is not 1
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
                answer(CONTEXT, "by sound", "by sound", true),
                answer(CONTEXT, "by sound", "by smell", false),        // read wrong
                answer(CONTEXT, "echolocation", "by sound", false)));  // never retrieved
        assertThat(s.cases()).isEqualTo(3);
        assertThat(s.contextRecall()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(s.faithfulness()).isCloseTo((1 + 0.5 + 1) / 3.0, within(1e-12));
        assertThat(s.wrong()).isEqualTo(2);
        assertThat(s.retrievalMisses()).isEqualTo(1);
        assertThat(s.readingMisses()).isEqualTo(1);
        assertThat(s.docCases()).isZero();
        assertThat(s.docRecall()).isNaN();
        assertThat(s.line(3)).startsWith("rag: context recall@3 0.667").doesNotContain("gold-document");
    }

    @Test
    void aNamedGoldDocumentDecidesTheMissAndHasItsOwnRecall() {
        var owls = new RagMetrics.Case(CONTEXT, Set.of("owls.md", "zebrafish.txt"), List.of("echolocation"), Set.of("owls.md"), "by sound", false);
        var pdf = new RagMetrics.Case(CONTEXT, Set.of("birds.pdf#page=3", "birds.pdf"), List.of("by sound"), Set.of("birds.pdf#page=4"), "by smell", false);
        // the answer's words are not in the chunks, but its document is: the model had the page and did not read it right
        assertThat(RagMetrics.score(owls)).isEqualTo(new RagMetrics.Scored(0, false, true, 1.0, "reading"));
        // the answer's words are in the chunks, but not from the named page: retrieval missed the source
        assertThat(RagMetrics.score(pdf).miss()).isEqualTo("retrieval");
        var s = RagMetrics.summarize(List.of(owls, pdf, answer(CONTEXT, "by sound", "by sound", true)));
        assertThat(s.docCases()).isEqualTo(2);
        assertThat(s.docRecall()).isEqualTo(0.5);
        assertThat(s.contextRecall()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(s.line(2)).contains("gold-document recall@2 0.500 (2 rows name their document)");
    }
}
