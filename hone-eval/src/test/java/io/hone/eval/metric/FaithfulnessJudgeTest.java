package io.hone.eval.metric;

import io.hone.eval.metric.FaithfulnessJudge.Judged;
import io.hone.eval.metric.FaithfulnessJudge.Verdict;
import io.hone.eval.prompt.Prompt;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FaithfulnessJudgeTest {
    @Test
    void theVerdictIsTheReplysFirstWord() {
        assertThat(FaithfulnessJudge.parse("Yes.")).isEqualTo(Verdict.SUPPORTED);
        assertThat(FaithfulnessJudge.parse("  **yes** - every claim is in the context")).isEqualTo(Verdict.SUPPORTED);
        assertThat(FaithfulnessJudge.parse("Supported")).isEqualTo(Verdict.SUPPORTED);
        assertThat(FaithfulnessJudge.parse("No, the price differs")).isEqualTo(Verdict.UNSUPPORTED);
        assertThat(FaithfulnessJudge.parse("Not supported")).isEqualTo(Verdict.UNSUPPORTED);
        assertThat(FaithfulnessJudge.parse("\"unsupported\"")).isEqualTo(Verdict.UNSUPPORTED);
        assertThat(FaithfulnessJudge.parse("Yesterday it was")).isEqualTo(Verdict.UNPARSED); // a word, not the word
        assertThat(FaithfulnessJudge.parse("The answer is yes")).isEqualTo(Verdict.UNPARSED); // the first word decides
        assertThat(FaithfulnessJudge.parse("]]]]")).isEqualTo(Verdict.UNPARSED);
        assertThat(FaithfulnessJudge.parse("")).isEqualTo(Verdict.UNPARSED);
    }

    @Test
    void thePromptShowsContextQuestionAndAnswerAndTheSummaryLeavesUnparsedOut() {
        var p = (Prompt.Chat) FaithfulnessJudge.prompt(new FaithfulnessJudge.Item(" Price: $870. ", "How much?", "$870 (price)"));
        assertThat(p.messages()).hasSize(1);
        assertThat(p.messages().getFirst().role()).isEqualTo("user");
        assertThat(p.messages().getFirst().content()).contains("Context:\nPrice: $870.\n\nQuestion: How much?\nAnswer: $870 (price)\n")
                .endsWith("Reply with one word: yes or no.");
        var s = FaithfulnessJudge.summarize(List.of(new Judged(Verdict.SUPPORTED, "yes"), new Judged(Verdict.UNSUPPORTED, "no"),
                new Judged(Verdict.SUPPORTED, "Yes"), new Judged(Verdict.UNPARSED, "maybe")));
        assertThat(s).isEqualTo(new FaithfulnessJudge.Summary(3, 2, 1, 2 / 3.0));
        assertThat(s.line("http://h#m")).isEqualTo("rag judge (http://h#m): faithfulness 0.667 (2 of 3 judged answers supported by their context; 1 replies unparsed)");
        assertThat(FaithfulnessJudge.summarize(List.of(new Judged(Verdict.UNPARSED, "]]"))).line("j")).contains("faithfulness n/a (0 of 0");
    }
}
