package io.hone.eval.task;

import io.hone.core.HoneException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared MMLU copy read as lm-evaluation-harness's mmlu task. */
class MmluTaskTest {
    static final Path MMLU = Path.of(System.getProperty("hone.data", "../shared/data")).resolve("mmlu");

    @TempDir
    Path tmp;

    @Test
    void theWholeTestAndDevSplitsHaveThePublishedCounts() {
        Task test = Task.load(MMLU.resolve("test"));
        assertThat(test.examples()).hasSize(14_042);
        assertThat(test.examples().stream().map(e -> e.id().substring(0, e.id().indexOf('/'))).distinct()).hasSize(57);
        assertThat(test.examples()).allMatch(e -> e.choices().equals(List.of("A", "B", "C", "D")) && e.gold() >= 0 && e.gold() < 4);
        Task dev = Task.load(MMLU.resolve("dev"));
        assertThat(dev.examples()).hasSize(285);
    }

    @Test
    void promptIsLmEvalHarnessFormat() {
        Task t = Task.load(MMLU.resolve("test/abstract_algebra_test.csv"));
        Example first = t.examples().getFirst();
        assertThat(first.id()).isEqualTo("abstract_algebra/0");
        assertThat(first.input()).isEqualTo("""
                The following are multiple choice questions (with answers) about abstract algebra.

                Find the degree for the given field extension Q(sqrt(2), sqrt(3), sqrt(18)) over Q.
                A. 0
                B. 4
                C. 2
                D. 6
                Answer:""");
        assertThat(first.gold()).isEqualTo(1);
        assertThat(first.targets()).containsExactly("B");
        assertThat(t.examples()).hasSize(100);
    }

    @Test
    void quotedFieldsWithCommasQuotesAndNewlines() throws Exception {
        Path f = tmp.resolve("x_test.csv");
        Files.writeString(f, "question,choice0,choice1,choice2,choice3,answer\r\n"
                + "\"Say \"\"hi\"\",\nthen go\",a,\"b, c\",d,e,3\r\n");
        Example e = Task.load(f).examples().getFirst();
        assertThat(e.input()).endsWith("about x.\n\nSay \"hi\",\nthen go\nA. a\nB. b, c\nC. d\nD. e\nAnswer:");
        assertThat(e.gold()).isEqualTo(3);
    }

    @Test
    void badFilesNameTheFileAndLine() throws Exception {
        Path f = tmp.resolve("bad_test.csv");
        Files.writeString(f, "q,a\n1,2\n");
        assertThatThrownBy(() -> Task.load(f)).isInstanceOf(HoneException.class)
                .hasMessage(f + ":1: expected the header question,choice0,choice1,choice2,choice3,answer");
        Files.writeString(f, "question,choice0,choice1,choice2,choice3,answer\nQ,a,b,c,d,1\nQ2,a,b,c,d,4\n");
        assertThatThrownBy(() -> Task.load(f)).hasMessage(f + ":3: answer must be 0, 1, 2 or 3, got '4'");
        Files.writeString(f, "question,choice0,choice1,choice2,choice3,answer\n\"Q,a,b,c,d,1\n");
        assertThatThrownBy(() -> Task.load(f)).hasMessage(f + ":2: unterminated quoted field");
        Files.writeString(f, "question,choice0,choice1,choice2,choice3,answer\nQ,a,b,c,1\n");
        assertThatThrownBy(() -> Task.load(f)).hasMessage(f + ":2: expected 6 fields, got 5");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> Task.load(empty)).hasMessage(empty + ": no .csv files (expected MMLU <subject>_test.csv files)");
    }
}
