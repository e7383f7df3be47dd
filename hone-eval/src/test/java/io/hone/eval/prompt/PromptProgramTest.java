package io.hone.eval.prompt;

import io.hone.core.chat.ChatMessage;
import io.hone.eval.task.Example;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptProgramTest {
    static final Example Q = Example.of("1", "What is 2 plus 3?", "5");
    static final List<Demo> DEMOS = List.of(new Demo("What is 1 plus 1?", "2"), new Demo("What is 2 times 2?", "4"));

    @Test
    void completionLayoutIsLmEvals() {
        var p = PromptProgram.zeroShot(PromptProgram.Mode.COMPLETION).withDemos(DEMOS).withInstruction("Answer with a number.");
        assertThat(p.render(Q)).isEqualTo(new Prompt.Text("""
                Answer with a number.

                Question: What is 1 plus 1?
                Answer: 2

                Question: What is 2 times 2?
                Answer: 4

                Question: What is 2 plus 3?
                Answer:"""));
        assertThat(p.stopStrings()).containsExactly("\n\n", "Question:");
    }

    @Test
    void chatLayoutUsesTurns() {
        var p = PromptProgram.zeroShot(PromptProgram.Mode.CHAT).withDemos(DEMOS.subList(0, 1)).withInstruction("Be brief.");
        assertThat(p.render(Q)).isEqualTo(new Prompt.Chat(List.of(new ChatMessage("system", "Be brief."),
                new ChatMessage("user", "What is 1 plus 1?"), new ChatMessage("assistant", "2"), new ChatMessage("user", "What is 2 plus 3?"))));
        assertThat(p.stopStrings()).isEmpty();
    }

    @Test
    void templateVariablesFromFields() {
        var ex = new Example("1", "Sky colour?", List.of("blue"), List.of(), -1, Map.of("context", "The sky is blue."));
        var p = new PromptProgram(PromptProgram.Mode.COMPLETION, "", "{context}\nQ: {input} {{literal}}\nA:", List.of(), null);
        assertThat(((Prompt.Text) p.render(ex)).text()).isEqualTo("The sky is blue.\nQ: Sky colour? {literal}\nA:");
        var bad = new PromptProgram(PromptProgram.Mode.COMPLETION, "", "{question}", List.of(), null);
        assertThatThrownBy(() -> bad.render(ex)).hasMessage("prompt template: unknown variable {question} (known: [context, input])");
    }

    @Test
    void knnPicksTheMostSimilarTrainInputsMostSimilarLast() {
        List<Demo> pool = List.of(new Demo("What is 4 times 5?", "20"), new Demo("Name a red fruit.", "apple"),
                new Demo("What is 7 plus 8?", "15"), new Demo("What is 9 plus 9 plus 1?", "19"), new Demo("What is 2 plus 3?", "5"));
        var p = PromptProgram.zeroShot(PromptProgram.Mode.COMPLETION).withKnn(new PromptProgram.Knn(2, pool));
        // the exact copy of the question is never shown (it would leak the answer)
        List<Demo> shown = p.demosFor(Q);
        assertThat(shown).hasSize(2).doesNotContain(pool.get(4)).doesNotContain(pool.get(1));
        assertThat(shown.getLast()).isEqualTo(pool.get(2)); // "plus" and the shared words weigh most
        assertThat(KnnDemos.nearest(pool, "a red fruit please", 1)).containsExactly(pool.get(1));
    }

    @Test
    void tfIdfCosine() {
        var e = new TfIdfVectorizer();
        e.fit(List.of("the cat sat", "the dog sat", "a bird flew"));
        assertThat(Vectorizer.cosine(e.embed("the cat sat"), e.embed("the cat sat"))).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(Vectorizer.cosine(e.embed("cat"), e.embed("bird"))).isZero();
        assertThat(Vectorizer.cosine(e.embed("cat sat"), e.embed("the cat sat")))
                .isGreaterThan(Vectorizer.cosine(e.embed("cat sat"), e.embed("the dog sat")));
    }

    @TempDir
    Path dir;

    @Test
    void promptFileRoundTripAndErrors() throws Exception {
        var p = new PromptProgram(PromptProgram.Mode.CHAT, "Be brief.", "Q: {input}", DEMOS,
                null);
        Path f = dir.resolve("p.json");
        PromptFile.write(f, p, Map.of("optimizer", "labeled"));
        assertThat(PromptFile.read(f)).isEqualTo(p);
        var k = PromptProgram.zeroShot(PromptProgram.Mode.COMPLETION).withKnn(new PromptProgram.Knn(3, DEMOS));
        PromptFile.write(f, k, null);
        assertThat(PromptFile.read(f)).isEqualTo(k);
        Files.writeString(f, "{\"mode\": \"poem\"}");
        assertThatThrownBy(() -> PromptFile.read(f)).hasMessage(f + ": \"mode\" must be \"completion\" or \"chat\"");
        Files.writeString(f, "{\"demos\": [{\"input\": \"x\"}]}");
        assertThatThrownBy(() -> PromptFile.read(f)).hasMessage(f + ": \"demos\"[0] needs string \"input\" and \"output\"");
        Files.writeString(f, "{\n\"mode\": }");
        assertThatThrownBy(() -> PromptFile.read(f)).hasMessageStartingWith(f + ":2: invalid JSON");
    }
}
