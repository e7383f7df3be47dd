package io.hone.core.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenizerStreamTest {
    static Tokenizer llama2;
    static Tokenizer llama3;

    @BeforeAll
    static void load() {
        llama2 = Tokenizer.load(TokenizerTest.TINY_LLAMA);
        llama3 = Tokenizer.load(TokenizerTest.LLAMA3);
    }

    @AfterAll
    static void close() {
        llama2.close();
        llama3.close();
    }

    /** Feeds ids one by one; returns every piece emitted, the flush last. */
    static List<String> stream(Tokenizer t, int[] ids, boolean skipSpecial) {
        StreamDecoder d = t.streamDecoder(skipSpecial);
        List<String> pieces = new ArrayList<>();
        for (int id : ids) {
            pieces.add(d.next(id));
        }
        pieces.add(d.flush());
        assertThat(d.ids()).containsExactly(ids);
        return pieces;
    }

    static void assertStreamsLikeDecode(Tokenizer t, int[] ids) {
        for (boolean skip : new boolean[] {true, false}) {
            List<String> pieces = stream(t, ids, skip);
            assertThat(String.join("", pieces)).as("skip=%s ids=%s", skip, ids).isEqualTo(t.decode(ids, skip));
            for (String piece : pieces.subList(0, pieces.size() - 1)) {
                assertThat(piece).doesNotContain("\uFFFD");
            }
        }
    }

    @Test
    void llama2EveryCaseConcatenatesToFullDecode() throws IOException {
        for (JsonNode c : TokenizerTest.cases(TokenizerTest.TINY_LLAMA).get("cases")) {
            assertStreamsLikeDecode(llama2, TokenizerTest.ints(c.get("ids")));
            assertStreamsLikeDecode(llama2, TokenizerTest.ints(c.get("ids_no_special")));
        }
    }

    @Test
    void llama3EveryCaseConcatenatesToFullDecode() throws IOException {
        for (JsonNode c : TokenizerTest.cases(TokenizerTest.LLAMA3).get("cases")) {
            int[] ids = TokenizerTest.ints(c.get("ids_no_special"));
            assertStreamsLikeDecode(llama3, ids);
            int[] withBos = new int[ids.length + 1];
            withBos[0] = 128000;
            System.arraycopy(ids, 0, withBos, 1, ids.length);
            assertStreamsLikeDecode(llama3, withBos);
        }
    }

    @Test
    void byteFallbackCharacterIsHeldUntilComplete() {
        // "词" is <0xE8> <0xAF> <0x8D> in the Llama 2 vocabulary
        List<String> pieces = stream(llama2, new int[] {1, 30275, 235, 178, 144}, true);
        assertThat(pieces).containsExactly("", "中", "", "", "词", "");
    }

    @Test
    void sentencePieceSpacesSurviveStreaming() {
        // "Hello world" then "</s>" then "▁Hello": a space that only the full sequence shows
        int[] ids = {1, 15043, 3186, 2, 15043};
        assertThat(String.join("", stream(llama2, ids, true))).isEqualTo("Hello world Hello");
        assertThat(stream(llama2, ids, true)).containsExactly("", "Hello", " world", "", " Hello", "");
        assertStreamsLikeDecode(llama2, ids);
    }

    @Test
    void incompleteCharacterAtTheEndComesOutOfFlush() {
        List<String> pieces = stream(llama3, new int[] {93831, 11410}, false); // "Emoji", " 🦙"'s first bytes
        assertThat(pieces.subList(0, 2)).containsExactly("Emoji", "");
        assertThat(pieces.get(2)).isEqualTo(llama3.decode(new int[] {93831, 11410}, false).substring(5));
    }

    /** Seeded with a prompt's ids, the output continues the prompt's text: prompt + output == decode(prompt + new). */
    @Test
    void seededDecoderKeepsTheFirstTokensLeadingSpace() throws IOException {
        int[] prompt = llama2.encode("Zoo", true);
        int[] generated = llama2.encode("Zoo was a little girl", true);
        int[] fresh = java.util.Arrays.copyOfRange(generated, prompt.length, generated.length);
        assertThat(llama2.tokens("Zoo was a little girl", true)[prompt.length]).isEqualTo("▁was");
        for (boolean skip : new boolean[] {true, false}) {
            StreamDecoder d = llama2.streamDecoder(skip, prompt);
            StringBuilder out = new StringBuilder();
            for (int id : fresh) out.append(d.next(id));
            out.append(d.flush());
            assertThat(out.toString()).isEqualTo(" was a little girl");
            assertThat(d.ids()).containsExactly(fresh);
        }
        for (JsonNode c : TokenizerTest.cases(TokenizerTest.TINY_LLAMA).get("cases")) { // every split point of every case
            int[] ids = TokenizerTest.ints(c.get("ids"));
            for (int cut = 1; cut < ids.length; cut++) {
                int[] head = java.util.Arrays.copyOf(ids, cut);
                StreamDecoder d = llama2.streamDecoder(true, head);
                StringBuilder out = new StringBuilder(llama2.decode(head, true));
                for (int i = cut; i < ids.length; i++) out.append(d.next(ids[i]));
                out.append(d.flush());
                if (!llama2.decode(head, true).contains("\uFFFD")) {
                    assertThat(out.toString()).as("%s cut at %d", c.get("text"), cut).isEqualTo(llama2.decode(ids, true));
                }
            }
        }
    }
}
