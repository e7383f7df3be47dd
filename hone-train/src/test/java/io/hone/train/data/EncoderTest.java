package io.hone.train.data;

import io.hone.core.chat.ChatMessage;
import io.hone.core.chat.ChatTemplate;
import io.hone.core.tokenizer.Tokenizer;
import io.hone.train.Batch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EncoderTest {
    static Tokenizer tok;
    static ChatTemplate template;
    static final int BOS = 1, EOS = 2;

    @BeforeAll
    static void load() throws Exception {
        Path dir = Path.of(EncoderTest.class.getResource("/char-tokenizer").toURI());
        tok = Tokenizer.load(dir);
        template = ChatTemplate.load(dir);
    }

    @AfterAll
    static void close() {
        tok.close();
    }

    @Test
    void completionOnlyLossWithEos() {
        TrainingSequence e = new Encoder(tok, template, 64, false).encode(new Sample.PromptCompletion("ab:", "cd"));
        assertThat(e.ids()).containsExactly(BOS, id('a'), id('b'), id(':'), id('c'), id('d'), EOS);
        assertThat(e.labels()).containsExactly(-100, -100, -100, -100, id('c'), id('d'), EOS);
        assertThat(e.trainedTokens()).isEqualTo(3);
        TrainingSequence all = new Encoder(tok, template, 64, true).encode(new Sample.PromptCompletion("ab:", "cd"));
        assertThat(all.labels()).containsExactly(BOS, id('a'), id('b'), id(':'), id('c'), id('d'), EOS);
    }

    @Test
    void textTrainsEverythingAndTruncates() {
        TrainingSequence e = new Encoder(tok, template, 4, false).encode(new Sample.Text("hello"));
        assertThat(e.ids()).containsExactly(BOS, id('h'), id('e'), id('l'));
        assertThat(e.labels()).containsExactly(BOS, id('h'), id('e'), id('l'));
        // a prompt longer than the limit leaves nothing to train: the example is dropped
        var enc = new Encoder(tok, template, 4, false).encodeAll(List.of(new Sample.PromptCompletion("long prompt", "x")));
        assertThat(enc.examples()).isEmpty();
        assertThat(enc.dropped()).isEqualTo(1);
    }

    @Test
    void chatTrainsOnlyAssistantTurns() {
        var msgs = List.of(new ChatMessage("system", "s"), new ChatMessage("user", "q"), new ChatMessage("assistant", "A"),
                new ChatMessage("user", "r"), new ChatMessage("assistant", "BC"));
        TrainingSequence e = new Encoder(tok, template, 128, false).encode(new Sample.Chat(msgs));
        String rendered = template.render(msgs, false);
        assertThat(rendered).isEqualTo("<s><s>s\n<u>q\n<a>A</s>\n<u>r\n<a>BC</s>\n");
        var trained = new StringBuilder();
        for (int t = 0; t < e.length(); t++) if (e.labels()[t] != -100) trained.append(tok.decode(new int[]{e.ids()[t]}, false)).append('|');
        assertThat(trained.toString()).isEqualTo("A|</s>|\n|B|C|</s>|\n|");
        TrainingSequence all = new Encoder(tok, template, 128, true).encode(new Sample.Chat(msgs));
        assertThat(all.trainedTokens()).isEqualTo(all.length() - 1);
    }

    @Test
    void packingKeepsLabelsPerExampleAndPaddingIsMasked() {
        var a = new TrainingSequence(new int[]{1, 10, 11, 2}, new long[]{-100, -100, 11, 2});
        var b = new TrainingSequence(new int[]{1, 12, 2}, new long[]{1, 12, 2});
        var c = new TrainingSequence(new int[]{1, 13, 14, 15, 2}, new long[]{1, 13, 14, 15, 2});
        List<TrainingSequence> rows = Packing.pack(List.of(a, b, c), 8);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).ids()).containsExactly(1, 10, 11, 2, 1, 12, 2);
        assertThat(rows.get(0).labels()).containsExactly(-100, -100, 11, 2, -100, 12, 2);
        Batch batch = Collate.batch(rows, 0);
        assertThat(batch.seq()).isEqualTo(7);
        assertThat(batch.inputIds()).containsExactly(1, 10, 11, 2, 1, 12, 2, 1, 13, 14, 15, 2, 0, 0);
        assertThat(batch.labels()).containsExactly(-100, -100, 11, 2, -100, 12, 2, -100, 13, 14, 15, 2, -100, -100);
        assertThat(Collate.tokens(rows)).isEqualTo(12);
    }

    @Test
    void splitAndOrderAreSeeded() {
        List<Sample> s = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) s.add(new Sample.Text("t" + i));
        DataSplit a = DataSplit.of(s, 0.1, 7), b = DataSplit.of(s, 0.1, 7), c = DataSplit.of(s, 0.1, 8);
        assertThat(a.validation()).hasSize(2).isEqualTo(b.validation()).isNotEqualTo(c.validation());
        assertThat(a.train()).hasSize(18).doesNotContainAnyElementsOf(a.validation());
        assertThat(EpochOrder.of(10, 1, 0)).isEqualTo(EpochOrder.of(10, 1, 0)).isNotEqualTo(EpochOrder.of(10, 1, 1));
        assertThat(EpochOrder.of(10, 1, 3)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    private static int id(char c) {
        return tok.tokenId(String.valueOf(c)).orElseThrow();
    }
}
