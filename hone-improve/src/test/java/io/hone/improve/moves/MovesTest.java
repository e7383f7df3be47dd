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
        // the demo's formatted answers are found in a page that words them otherwise (the whole-string rule never found them)
        Example formatted = new Example("3", "How heavy is the Zor 1?", List.of("4.9 kg (weight)"), List.of(), -1,
                Map.of("context", "Zor 1 is a red kettle. Price: $12. Weight: 4.9 kg."));
        assertThat(Feedback.of(formatted, wrong, false)).contains("contains the expected answer");
        assertThat(Feedback.of(missing, wrong, false)).contains("(0% of its words)");
        // a row that names its source document: the document decides, whatever words the context has
        Example named = new Example("4", "How much is the Zor 1?", List.of("$12"), List.of(), -1,
                Map.of("context", "The Zor 1 costs $12.", "context_docs", "lamps.txt", "doc", "kettles.txt"));
        assertThat(Feedback.of(named, wrong, false)).contains("does not include the answer's source document (kettles.txt): retrieval missed it");
        Example namedFound = new Example("5", "How much is the Zor 2?", List.of("$13"), List.of(), -1,
                Map.of("context", "The Zor 1 costs $12.", "context_docs", "lamps.txt\nkettles.txt", "doc", "kettles.txt"));
        assertThat(Feedback.of(namedFound, wrong, false)).contains("includes the answer's source document (kettles.txt): it was there to be read");
    }
}
