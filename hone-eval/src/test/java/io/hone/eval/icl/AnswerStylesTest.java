package io.hone.eval.icl;

import io.hone.eval.icl.AnswerStyles.Kind;
import io.hone.eval.icl.AnswerStyles.Question;
import io.hone.eval.icl.AnswerStyles.Style;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerStylesTest {
    @Test
    void answersInEachStyle() {
        Question add = new Question(Kind.ADD, 7, 5), after = new Question(Kind.AFTER, 41, 0), before = new Question(Kind.BEFORE, 41, 0);
        assertThat(add.text()).isEqualTo("What is 7 plus 5?");
        assertThat(add.answer(Style.BARE)).isEqualTo("12");
        assertThat(add.answer(Style.SENTENCE)).isEqualTo("The answer is 12.");
        assertThat(add.answer(Style.RESTATED)).isEqualTo("7 plus 5 equals 12.");
        assertThat(after.answer(Style.RESTATED)).isEqualTo("After 41 comes 42.");
        assertThat(before.answer(Style.BARE)).isEqualTo("40");
        assertThat(AnswerStyles.all(Kind.ADD)).hasSize(81);
        assertThat(AnswerStyles.all(Kind.AFTER)).hasSize(99);
        assertThat(AnswerStyles.all(Kind.BEFORE)).hasSize(99);
    }

    @Test
    void aDocumentIsLaidOutAsARenderedCompletionPromptInOneStyle() {
        Random r = new Random(1);
        for (int i = 0; i < 200; i++) {
            String doc = AnswerStyles.document(r);
            String[] items = doc.split("\n\n");
            boolean instructed = !items[0].startsWith("Question: ");
            assertThat(items.length - (instructed ? 1 : 0)).isBetween(1, AnswerStyles.MAX_ITEMS);
            long styles = java.util.Arrays.stream(items).filter(s -> s.startsWith("Question: "))
                    .map(s -> s.substring(s.indexOf("\nAnswer: ") + 9))
                    .map(a -> a.startsWith("The answer is") ? "sentence" : a.matches("\\d+") ? "bare" : "restated")
                    .distinct().count();
            assertThat(styles).as(doc).isEqualTo(1);
        }
    }

    @Test
    void theBundledTaskIsTheGeneratorsOutput(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("task.jsonl");
        AnswerStyles.writeTask(out, 80, 2026);
        assertThat(Files.readString(out)).isEqualTo(Files.readString(InContextFormatTest.resource("icl/task.jsonl")));
        assertThat(AnswerStyles.task(80, 2026)).hasSize(240).doesNotHaveDuplicates()
                .filteredOn(q -> q.kind() == Kind.ADD).hasSize(80);
    }
}
