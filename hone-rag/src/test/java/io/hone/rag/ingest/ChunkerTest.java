package io.hone.rag.ingest;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkerTest {
    static final TokenCounter WORDS = t -> t.isBlank() ? 0 : t.strip().split("\\s+").length;

    static String sentence(int i, int words) {
        List<String> w = new ArrayList<>();
        w.add("S" + i);
        for (int j = 1; j < words; j++) w.add("w" + j);
        return String.join(" ", w) + ".";
    }

    @Test
    void shortDocumentIsOneChunk() {
        var c = new Chunker(50, 10, WORDS).chunk(new Document("d", "T", "One. Two.", "d.txt", 0));
        assertThat(c).singleElement().satisfies(x -> {
            assertThat(x.id()).isEqualTo("d#0");
            assertThat(x.text()).isEqualTo("One. Two.");
            assertThat(x.title()).isEqualTo("T");
        });
    }

    @Test
    void splitsAtSentencesWithinBudgetAndOverlapsBySentences() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 10; i++) text.append(sentence(i, 10)).append(' ');
        var chunks = new Chunker(35, 12, WORDS).chunk(new Document("d", "", text.toString(), "d.txt", 0));
        assertThat(chunks).hasSizeGreaterThan(3);
        for (Chunk c : chunks) {
            assertThat(WORDS.count(c.text())).isLessThanOrEqualTo(35);
            assertThat(c.text()).startsWith("S").endsWith(".");
        }
        // 3 sentences (30 words) per chunk; the next chunk repeats the last sentence (10 words <= 12 overlap)
        assertThat(chunks.get(0).text()).startsWith("S0 ").endsWith(sentence(2, 10));
        assertThat(chunks.get(1).text()).startsWith("S2 ");
    }

    @Test
    void prefersParagraphBoundariesAndDoesNotOverlapAcrossThem() {
        String text = sentence(0, 10) + " " + sentence(1, 10) + "\n\n" + sentence(2, 10) + " " + sentence(3, 10);
        var chunks = new Chunker(25, 11, WORDS).chunk(new Document("d", "", text, "d.txt", 0));
        assertThat(chunks).extracting(Chunk::text).containsExactly(sentence(0, 10) + " " + sentence(1, 10),
                sentence(2, 10) + " " + sentence(3, 10));
    }

    @Test
    void longSentenceIsCutBetweenWords() {
        var chunks = new Chunker(10, 0, WORDS).chunk(new Document("d", "", sentence(0, 25), "d.txt", 0));
        assertThat(chunks).extracting(c -> WORDS.count(c.text())).containsExactly(10, 10, 5);
    }

    @Test
    void rejectsOverlapTooLargeForTheChunk() {
        assertThatThrownBy(() -> new Chunker(20, 10, WORDS)).hasMessageContaining("chunk overlap must be in [0, 10)");
    }

    @Test
    void wordPieceEstimateCountsPunctuationAndLongWords() {
        // "Hello" 1, "," 1, "internationalization" (20 chars) 1 + 19/6 = 4, "!" 1
        assertThat(TokenCounter.WORD_PIECE_ESTIMATE.count("Hello, internationalization!")).isEqualTo(7);
    }
}
