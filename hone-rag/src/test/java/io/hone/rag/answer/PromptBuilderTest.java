package io.hone.rag.answer;

import io.hone.core.openai.OpenAiHttp;
import io.hone.rag.ingest.TokenCounter;
import io.hone.rag.retrieve.Hit;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PromptBuilderTest {
    static final TokenCounter WORDS = t -> t.isBlank() ? 0 : t.strip().split("\\s+").length;

    static Hit hit(String id, String title, String source, int page, int words) {
        return new Hit(id + "#0", id, title, source, page, "word ".repeat(words).strip(), 1f);
    }

    @Test
    void numbersSourcesWithTitleAndSourceBestFirst() {
        var p = new PromptBuilder(WORDS, 4096, 256).build("Why?", List.of(hit("a", "Alpha", "a.txt", 0, 5), hit("b", "", "b.pdf", 3, 5)));
        String user = p.messages().get(1).content();
        assertThat(p.messages().get(0).role()).isEqualTo("system");
        assertThat(user).startsWith("Sources:\n[1] Alpha (a.txt)\nword word").contains("[2] b (b.pdf, p. 3)\n").endsWith("Question: Why?");
        assertThat(p.sources()).extracting(Hit::docId).containsExactly("a", "b");
    }

    @Test
    void staysWithinTheContextBudgetCuttingTheLastSource() {
        int context = 600, answer = 100;
        var hits = List.of(hit("a", "A", "a", 0, 200), hit("b", "B", "b", 0, 200), hit("c", "C", "c", 0, 200));
        var p = new PromptBuilder(WORDS, context, answer).build("q", hits);
        int used = p.messages().stream().mapToInt(m -> WORDS.count(m.content())).sum();
        assertThat(used).isLessThanOrEqualTo(context - answer - PromptBuilder.TEMPLATE_MARGIN);
        assertThat(p.sources()).hasSize(2);
        assertThat(p.messages().get(1).content()).contains("[2] B (b)\nword").contains("word …");
    }

    @Test
    void citationsAreReadFromBrackets() {
        assertThat(Citations.cited("Yes [2]. Also [1, 3] and [7] and [x].", 3)).containsExactly(1, 2, 3);
        assertThat(Citations.cited("no citations", 3)).isEmpty();
    }

    @Test
    void endpointUrlTakesRootV1OrFullPath() {
        // the URL complete() posts to: the shared transport's base, then the chat path
        assertThat(OpenAiHttp.base("http://127.0.0.1:8000") + OpenAiAnswerModel.CHAT).isEqualTo("http://127.0.0.1:8000/v1/chat/completions");
        assertThat(OpenAiHttp.base("http://h/v1/") + OpenAiAnswerModel.CHAT).isEqualTo("http://h/v1/chat/completions");
        assertThat(OpenAiHttp.base("https://h/v1/chat/completions") + OpenAiAnswerModel.CHAT).isEqualTo("https://h/v1/chat/completions");
    }
}
