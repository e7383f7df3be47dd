package io.hone.eval.task;

import io.hone.core.HoneException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskTest {
    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path f = dir.resolve("t.jsonl");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void docNamesTheGoldDocumentsAsAStringOrAList() throws Exception {
        Task t = Task.load(file("""
                {"input": "a?", "target": "x", "doc": "kettles.txt"}
                {"input": "b?", "target": "y", "doc": ["kettles.txt", "manual.pdf#page=3"]}
                {"input": "c?", "target": "z"}
                """));
        assertThat(t.examples().get(0).docs()).containsExactly("kettles.txt");
        assertThat(t.examples().get(1).docs()).containsExactly("kettles.txt", "manual.pdf#page=3");
        assertThat(t.examples().get(2).docs()).isEmpty();
        assertThatThrownBy(() -> Task.load(file("{\"input\": \"a?\", \"target\": \"x\", \"doc\": [\"k.txt\", {}]}\n")))
                .isInstanceOf(HoneException.class).hasMessageEndingWith("t.jsonl:1: \"doc\" must be a document id or a non-empty list of them");
        assertThatThrownBy(() -> Task.load(file("{\"input\": \"a?\", \"target\": \"x\", \"doc\": []}\n")))
                .isInstanceOf(HoneException.class).hasMessageContaining("\"doc\" must be");
    }

    @Test
    void loadsTargetsChoicesIdsAndFields() throws Exception {
        Task t = Task.load(file("""
                {"input": "2+2?", "target": "4", "id": "a", "topic": "math"}

                {"input": "Capital of France?", "target": ["Paris", "paris, france"]}
                {"input": "Sky?", "choices": ["green", "blue"], "target": 1}
                {"input": "Grass?", "choices": ["green", "blue"], "target": "green"}
                """));
        assertThat(t.name()).isEqualTo("t");
        assertThat(t.examples()).hasSize(4);
        assertThat(t.examples().get(0).id()).isEqualTo("a");
        assertThat(t.examples().get(0).fields()).containsEntry("topic", "math").doesNotContainKey("target");
        assertThat(t.examples().get(1).id()).isEqualTo("1");
        assertThat(t.examples().get(1).targets()).containsExactly("Paris", "paris, france");
        assertThat(t.examples().get(2).gold()).isEqualTo(1);
        assertThat(t.examples().get(2).target()).isEqualTo("blue");
        assertThat(t.examples().get(3).gold()).isZero();
    }

    @Test
    void errorsNameFileAndLine() throws Exception {
        Path f = file("{\"input\": \"x\", \"target\": \"y\"}\n{\"input\": 3, \"target\": \"y\"}\n");
        assertThatThrownBy(() -> Task.load(f)).isInstanceOf(HoneException.class).hasMessage(f + ":2: \"input\" must be a string");
        Path g = file("{\"input\": \"x\", \"target\": \"y\"}\n\n{\"input\": \"x\", \"target\": \n");
        assertThatThrownBy(() -> Task.load(g)).hasMessageStartingWith(g + ":3: invalid JSON: ");
        Path h = file("{\"target\": \"y\"}\n");
        assertThatThrownBy(() -> Task.load(h)).hasMessage(h + ":1: missing \"input\"");
        Path i = file("{\"input\": \"q\", \"choices\": [\"a\", \"b\"], \"target\": 2}\n");
        assertThatThrownBy(() -> Task.load(i)).hasMessage(i + ":1: \"target\" 2 is not a choice index (0..1)");
        Path j = file("{\"input\": \"q\", \"choices\": [\"a\", \"b\"], \"target\": \"c\"}\n");
        assertThatThrownBy(() -> Task.load(j)).hasMessage(j + ":1: \"target\" 'c' is not one of the choices");
        Path k = file("{\"input\": \"q\", \"target\": \"a\", \"id\": 1}\n{\"input\": \"r\", \"target\": \"b\", \"id\": 1}\n");
        assertThatThrownBy(() -> Task.load(k)).hasMessage(k + ":2: duplicate id '1'");
        Path l = file("\n");
        assertThatThrownBy(() -> Task.load(l)).hasMessageContaining("no examples");
        assertThatThrownBy(() -> Task.load(dir.resolve("missing.jsonl"))).hasMessageEndingWith("missing.jsonl: task file not found");
    }

    @Test
    void aRowWithoutTargetIsAnErrorUnlessTargetsAreOptional() throws Exception {
        Path f = file("{\"input\": \"x\", \"target\": \"y\"}\n{\"input\": \"z\"}\n");
        assertThatThrownBy(() -> Task.load(f)).isInstanceOf(HoneException.class)
                .hasMessage(f + ":2: missing \"target\" (every metric but ppl compares the output with it)");
        // perplexity scores inputs alone
        assertThat(Task.load(f, "input", "target", false).examples().get(1).targets()).isEmpty();
        Path g = file("{\"input\": \"x\", \"target\": null}\n");
        assertThatThrownBy(() -> Task.load(g)).hasMessage(g + ":1: null \"target\" (every metric but ppl compares the output with it)");
        Path h = file("{\"q\": \"x\"}\n");
        assertThatThrownBy(() -> Task.load(h, "q", "a")).hasMessage(h + ":1: missing \"a\" (every metric but ppl compares the output with it)");
    }

    @Test
    void gsm8kFieldsMapOntoInputAndTarget() {
        Path gsm = Path.of(System.getProperty("hone.data", "../shared/data")).resolve("gsm8k/test.jsonl");
        Task t = Task.load(gsm, "question", "answer");
        assertThat(t.examples()).hasSize(1319);
        assertThat(t.examples().getFirst().target()).contains("#### ");
    }

    @Test
    void splitsAreSeededDisjointAndCover() {
        List<Example> xs = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) xs.add(Example.of("e" + i, "in" + i, "t"));
        Task t = new Task("t", xs);
        Splits a = t.split(0.2, 0.3, 7), b = t.split(0.2, 0.3, 7), c = t.split(0.2, 0.3, 8);
        assertThat(a).isEqualTo(b);
        assertThat(a.test()).isNotEqualTo(c.test());
        assertThat(a.test()).hasSize(15);
        assertThat(a.dev()).hasSize(10);
        assertThat(a.train()).hasSize(25);
        var all = new HashSet<Example>();
        all.addAll(a.train());
        all.addAll(a.dev());
        all.addAll(a.test());
        assertThat(all).hasSize(50);
        assertThatThrownBy(() -> t.split(0.5, 0.5, 1)).hasMessageContaining("leave room for train");
    }
}
