package io.hone.improve.moves;

import io.hone.eval.ExampleResult;
import io.hone.eval.task.Example;
import io.hone.improve.search.Feedback;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MovesTest {
    @Test
    void reflectorReplyParsing() {
        assertThat(LmReflector.parse("Sure!\n```\nAnswer with the unit.\n```\nHope it helps")).isEqualTo("Answer with the unit.");
        assertThat(LmReflector.parse("```text\nOne line.```")).isEqualTo("One line.");
        assertThat(LmReflector.parse("  no fences here ")).isEqualTo("no fences here");
        String meta = LmReflector.metaPrompt("", List.of("Input: q\nOutput: a\nFeedback: wrong"));
        assertThat(meta).contains("(no instruction)").contains("### Example 1").contains("Feedback: wrong").endsWith("inside ``` fences.");
    }

    @Test
    void feedbackTellsRetrievalFailuresFromReadingFailures() {
        Example inDoc = new Example("1", "How much is the Zor 1?", List.of("$12"), List.of(), -1, Map.of("context", "The Zor 1 costs $12."));
        Example missing = new Example("2", "How much is the Zor 2?", List.of("$13"), List.of(), -1, Map.of("context", "The Zor 1 costs $12."));
        var wrong = new ExampleResult("1", "", "", "$99", "$99", List.of("$12"), 0, Map.of());
        assertThat(Feedback.of(inDoc, wrong, false)).contains("expected answer is \"$12\"").contains("contains the expected answer");
        assertThat(Feedback.of(missing, wrong, false)).contains("does not contain the expected answer");
        assertThat(Feedback.of(inDoc, wrong, true)).endsWith("Feedback: correct.");
        assertThat(Feedback.contextHoldsAnswer("weighs 1.5 kg", "1.5 kg")).isTrue();
        assertThat(Feedback.contextHoldsAnswer("weighs 11.5 kg", "1.5 kg")).isFalse();
    }
}
