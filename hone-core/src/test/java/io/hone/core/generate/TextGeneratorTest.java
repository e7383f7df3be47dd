package io.hone.core.generate;

import io.hone.core.model.LlamaModel;
import io.hone.core.model.ModelLoader;
import io.hone.core.tokenizer.Tokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated text continues the prompt: prompt + text == decode(prompt ids + new ids), streamed or not. */
class TextGeneratorTest {
    static final Path TINY = Path.of(System.getProperty("hone.fixtures", "../shared/fixtures")).resolve("tiny-llama");
    static LlamaModel model;
    static Tokenizer tok;

    @BeforeAll
    static void load() {
        model = ModelLoader.load(TINY);
        tok = Tokenizer.load(TINY);
    }

    @AfterAll
    static void close() {
        tok.close();
    }

    @Test
    void firstTokenKeepsItsLeadingSpaceWithSentencePiece() {
        for (String prompt : List.of("Zoo", "Once upon a time", "The quick brown fox")) {
            int[] promptIds = tok.encode(prompt, true);
            List<String> pieces = new ArrayList<>();
            var out = new TextGenerator(model, tok).generate(prompt, true, SamplingConfig.greedy(12).withoutEos(), pieces::add);
            int[] all = IntStream.concat(IntStream.of(promptIds), IntStream.of(out.newIds())).toArray();
            assertThat(prompt + out.text()).as(prompt).isEqualTo(tok.decode(all, true));
            assertThat(String.join("", pieces)).isEqualTo(out.text());
            if (tok.tokens(tok.decode(all, true), true)[promptIds.length].startsWith("▁")) {
                assertThat(out.text()).as(prompt).startsWith(" ");
            }
        }
        // the fixture's greedy continuation of "Once upon a time" is ▁time ▁time ..., so the check above is not vacuous
        var once = new TextGenerator(model, tok).generate("Once upon a time", true, SamplingConfig.greedy(2).withoutEos(), s -> {});
        assertThat(once.text()).isEqualTo(" time time");
    }
}
