package io.hone.eval.metric;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MetricsTest {
    @Test
    void squadNormalisationAndExactMatch() {
        assertThat(Normalization.SQUAD.apply("  The  Eiffel-Tower, Paris! ")).isEqualTo("eiffeltower paris");
        assertThat(Normalization.SQUAD.apply("An apple a day")).isEqualTo("apple day");
        var em = new ExactMatch(Normalization.SQUAD);
        assertThat(em.judge("The Beatles.", List.of("beatles")).score()).isEqualTo(1);
        assertThat(em.judge("Beatles band", List.of("beatles")).score()).isEqualTo(0);
        assertThat(em.judge("Rome", List.of("Paris", "rome")).score()).isEqualTo(1); // any alias
        var raw = new ExactMatch(Normalization.NONE);
        assertThat(raw.judge("Paris ", List.of("Paris")).score()).isEqualTo(0);
        var ws = new ExactMatch(Normalization.parse("whitespace,case"));
        assertThat(ws.judge(" PARIS\n", List.of("paris")).score()).isEqualTo(1);
        assertThat(ws.judge("paris.", List.of("paris")).score()).isEqualTo(0);
    }

    @Test
    void containsLooksForTheNormalisedTarget() {
        var c = new Contains(Normalization.SQUAD);
        assertThat(c.judge("I think it is PARIS, France.", List.of("Paris")).score()).isEqualTo(1);
        assertThat(c.judge("London", List.of("Paris")).score()).isEqualTo(0);
    }

    @Test
    void tokenF1AsSquad() {
        // prediction "the cat sat on the mat" -> "cat sat on mat" (4 tokens); truth "a cat on a mat" -> "cat on mat" (3)
        // shared 3: precision 3/4, recall 3/3, F1 = 2*0.75*1/1.75 = 0.857142...
        var f1 = new TokenF1(Normalization.SQUAD);
        assertThat(f1.judge("the cat sat on the mat", List.of("a cat on a mat")).score()).isCloseTo(6.0 / 7, within(1e-12));
        // multiset counting: "a a b" vs "a b b" -> shared {a, b} = 2, P = R = 2/3
        assertThat(TokenF1.f1("x x y", "x y y")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(TokenF1.f1("", "")).isEqualTo(1);
        assertThat(TokenF1.f1("", "x")).isEqualTo(0);
        assertThat(f1.judge("blue", List.of("red", "blue sky")).score()).isCloseTo(2 * 1 * 0.5 / 1.5, within(1e-12));
    }

    @Test
    void gsm8kStrictExtraction() {
        var strict = RegexAnswer.strict();
        assertThat(strict.judge("She pays 2 * 617 = 1234 dollars.\n#### 1,234", List.of("1234")).score()).isEqualTo(1);
        assertThat(strict.extract("#### 1,234")).isEqualTo("1234");
        assertThat(strict.extract("#### -5")).isEqualTo("-5");
        assertThat(strict.extract("#### 3.50.")).isEqualTo("3.50");
        assertThat(strict.judge("The answer is 42", List.of("42")).extracted()).isEqualTo(RegexAnswer.INVALID);
        assertThat(strict.judge("The answer is 42", List.of("42")).score()).isEqualTo(0);
        // the GSM8K reference is a worked answer ending in #### N
        assertThat(strict.judge("#### 18", List.of("Janet sells 16 - 3 - 4 = <<16-3-4=9>>9 eggs...\n#### 18")).score()).isEqualTo(1);
    }

    @Test
    void gsm8kFlexibleExtractionTakesTheLastNumber() {
        var flex = RegexAnswer.flexible();
        assertThat(flex.extract("3 apples and 4 pears make 7.")).isEqualTo("7");
        assertThat(flex.extract("It costs $1,234.50 in total")).isEqualTo("1234.50");
        assertThat(flex.extract("from 10 down to -3")).isEqualTo("-3");
        assertThat(flex.extract("0.5 of 12 is 6.0")).isEqualTo("6.0");
        assertThat(flex.extract("no digits here")).isNull();
        assertThat(flex.judge("so the total is 6.0", List.of("#### 6")).score()).isEqualTo(1); // numeric equality
        assertThat(flex.judge("5 or 6", List.of("5")).score()).isEqualTo(0);                   // last number only
        assertThat(flex.judge("-12", List.of("12")).score()).isEqualTo(0);
        assertThat(RegexAnswer.custom("answer: (\\w+)").judge("the answer: Paris!", List.of("Paris")).score()).isEqualTo(1);
    }

    @Test
    void multipleChoiceAccAndAccNormAsLmEval() {
        // lls -4 (choice "a", 1 byte) and -6 (choice "abcdef", 6 bytes): acc picks 0, acc_norm -4/1 < -6/6 picks 1
        var r = MultipleChoice.score(new double[]{-4, -6}, List.of("a", "abcdef"), 1);
        assertThat(r.pred()).isZero();
        assertThat(r.predNorm()).isEqualTo(1);
        assertThat(r.acc()).isEqualTo(0);
        assertThat(r.accNorm()).isEqualTo(1);
        // ties go to the first (np.argmax)
        var tie = MultipleChoice.score(new double[]{-2, -2, -3}, List.of("x", "y", "z"), 1);
        assertThat(tie.pred()).isZero();
        assertThat(tie.acc()).isZero();
        // bytes, not characters: "é" is 2 bytes -> -3/2 = -1.5 beats "ab" -> -4/2 = -2
        assertThat(MultipleChoice.score(new double[]{-4, -3}, List.of("ab", "é"), 1).predNorm()).isEqualTo(1);
    }

    @Test
    void perplexityIsExpOfMeanNegativeLogLikelihood() {
        assertThat(Perplexity.of(-2 * Math.log(4), 2)).isCloseTo(4, within(1e-12));
        assertThat(new Perplexity().higherIsBetter()).isFalse();
    }

    @Test
    void metricsByName() {
        assertThat(Metrics.of("em", "squad", "flexible")).isEqualTo(new ExactMatch(Normalization.SQUAD));
        assertThat(Metrics.of("regex", "squad", "strict").name()).isEqualTo("exact_match,strict");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Metrics.of("bleu", "squad", "flexible"))
                .hasMessage("unknown metric 'bleu' (use em, contains, regex, f1, mc or ppl)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Metrics.of("em", "case,stem", "flexible"))
                .hasMessageContaining("unknown normalisation 'stem'");
    }
}
