package io.hone.core.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hone.core.HoneException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class TokenizerTest {
    static final Path FIXTURES = Path.of(System.getProperty("hone.fixtures", "../shared/fixtures"));
    static final Path TINY_LLAMA = FIXTURES.resolve("tiny-llama");
    static final Path LLAMA3 = FIXTURES.resolve("tokenizers/llama3");
    static Tokenizer llama2;
    static Tokenizer llama3;

    @BeforeAll
    static void load() {
        llama2 = Tokenizer.load(TINY_LLAMA);
        llama3 = Tokenizer.load(LLAMA3);
    }

    @AfterAll
    static void close() {
        llama2.close();
        llama3.close();
    }

    static JsonNode cases(Path dir) throws IOException {
        return new ObjectMapper().readTree(dir.resolve("tokenizer_cases.json").toFile());
    }

    static int[] ints(JsonNode array) {
        return IntStream.range(0, array.size()).map(i -> array.get(i).intValue()).toArray();
    }

    static String[] strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out.toArray(String[]::new);
    }

    /** ids with BOS, ids without, tokens, and decode(ids, skip_special_tokens=True), as transformers produced them. */
    @TestFactory
    List<DynamicTest> llama2CasesMatchTransformers() throws IOException {
        JsonNode cases = cases(TINY_LLAMA).get("cases");
        assertThat(cases).hasSize(25);
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            String text = c.get("text").asText();
            tests.add(DynamicTest.dynamicTest(new ObjectMapper().writeValueAsString(text), () -> {
                assertThat(llama2.encode(text, true)).containsExactly(ints(c.get("ids")));
                assertThat(llama2.encode(text, false)).containsExactly(ints(c.get("ids_no_special")));
                assertThat(llama2.tokens(text, false)).containsExactly(strings(c.get("tokens")));
                assertThat(llama2.decode(ints(c.get("ids")), true)).isEqualTo(c.get("decoded").asText());
            }));
        }
        return tests;
    }

    /** ids without special tokens (equal to tiktoken's), tokens, and decode(ids) with specials kept. */
    @TestFactory
    List<DynamicTest> llama3CasesMatchTransformersAndTiktoken() throws IOException {
        JsonNode cases = cases(LLAMA3).get("cases");
        assertThat(cases).hasSize(29);
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            String text = c.get("text").asText();
            tests.add(DynamicTest.dynamicTest(new ObjectMapper().writeValueAsString(text), () -> {
                int[] ids = llama3.encode(text, false);
                assertThat(ids).containsExactly(ints(c.get("ids_no_special")));
                assertThat(ids).containsExactly(ints(c.get("tiktoken_ids")));
                if (c.get("tokens").isArray()) {
                    assertThat(llama3.tokens(text, false)).containsExactly(strings(c.get("tokens")));
                }
                assertThat(llama3.decode(ids, false)).isEqualTo(c.get("decoded").asText());
            }));
        }
        return tests;
    }

    @Test
    void llama3MetaTestVector() throws IOException {
        JsonNode meta = cases(LLAMA3).get("meta_test_vector");
        // This tokenizer.json has no post-processor: BOS/EOS come from the config, as in Meta's reference code.
        int[] ids = llama3.encode(meta.get("text").asText(), false);
        int[] expected = ints(meta.get("ids_with_bos_eos"));
        int[] full = IntStream.concat(IntStream.of(llama3.bosId().orElseThrow()),
                IntStream.concat(IntStream.of(ids), IntStream.of(llama3.tokenId(llama3.eosToken()).orElseThrow()))).toArray();
        assertThat(full).containsExactly(expected);
        assertThat(llama3.encode(meta.get("text").asText(), true)).containsExactly(ids);
        assertThat(llama3.bosId()).hasValue(expected[0]);
        assertThat(llama3.eosIds()).containsExactly(expected[expected.length - 1]);
    }

    @Test
    void specialTokensAndVocab() {
        assertThat(llama2.vocabSize()).isEqualTo(32000);
        assertThat(llama2.bosId()).hasValue(1);
        assertThat(llama2.eosIds()).containsExactly(2);
        assertThat(llama2.bosToken()).isEqualTo("<s>");
        assertThat(llama2.eosToken()).isEqualTo("</s>");
        assertThat(llama2.tokenId("▁Hello")).hasValue(15043);
        assertThat(llama2.tokenId("<unk>")).hasValue(0);
        assertThat(llama2.tokenId("no such token")).isEqualTo(OptionalInt.empty());

        assertThat(llama3.vocabSize()).isEqualTo(128256);
        assertThat(llama3.bosToken()).isEqualTo("<|begin_of_text|>");
        assertThat(llama3.eosToken()).isEqualTo("<|end_of_text|>");
        assertThat(llama3.tokenId("<|eot_id|>")).hasValue(128009);
        assertThat(llama3.tokenId("<|reserved_special_token_250|>")).hasValue(128255);
        assertThat(llama3.tokenId("Ġworld")).hasValue(1917);
    }

    @Test
    void spansAreCodePointOffsetsIntoTheText() {
        // "▁Paris" covers the space before it; the emoji (two UTF-16 chars) is one code point split into four byte tokens
        TokenSpans s = llama2.encodeWithSpans("is Paris \uD83D\uDE00 ok", true);
        assertThat(s.ids()).isEqualTo(llama2.encode("is Paris \uD83D\uDE00 ok", true));
        assertThat(s.ids()[0]).isEqualTo(llama2.bosId().getAsInt());
        assertThat(s.starts()).containsExactly(-1, 0, 2, 8, 9, 9, 9, 9, 10);
        assertThat(s.ends()).containsExactly(-1, 2, 8, 9, 10, 10, 10, 10, 13);
    }

    @Test
    void neverTruncatesPastModelMaxLength() {
        String text = String.join(" ", java.util.Collections.nCopies(5000, "hello")); // model_max_length is 4096
        int[] ids = llama2.encode(text, true);
        assertThat(ids.length).isEqualTo(5001);
        assertThat(llama2.decode(ids, true)).isEqualTo(text);
    }

    @Test
    void eosIdsFromGenerationConfigListAndAddedTokenObjects(@TempDir Path dir) throws IOException {
        Files.copy(TINY_LLAMA.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Files.writeString(dir.resolve("tokenizer_config.json"), """
                {"bos_token": {"__type": "AddedToken", "content": "<s>", "lstrip": false},
                 "eos_token": {"content": "<unk>"}}""");
        Files.writeString(dir.resolve("generation_config.json"), "{\"bos_token_id\": 1, \"eos_token_id\": [2, 13]}");
        Files.writeString(dir.resolve("config.json"), "{\"eos_token_id\": 2}");
        try (Tokenizer t = Tokenizer.load(dir)) {
            assertThat(t.bosId()).hasValue(1);
            assertThat(t.bosToken()).isEqualTo("<s>");
            assertThat(t.eosIds()).containsExactly(2, 13, 0);
            assertThat(t.eosToken()).isEqualTo("<unk>");
        }
    }

    @Test
    void specialTokensFromIdsWhenTokenizerConfigIsMissing(@TempDir Path dir) throws IOException {
        Files.copy(TINY_LLAMA.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Files.writeString(dir.resolve("config.json"), "{\"bos_token_id\": 1, \"eos_token_id\": 2}");
        try (Tokenizer t = Tokenizer.load(dir)) {
            assertThat(t.bosId()).hasValue(1);
            assertThat(t.bosToken()).isEqualTo("<s>");
            assertThat(t.eosIds()).containsExactly(2);
            assertThat(t.eosToken()).isEqualTo("</s>");
        }
    }

    @Test
    void missingDirectoryOrFile(@TempDir Path dir) {
        assertThatThrownBy(() -> Tokenizer.load(dir))
                .isInstanceOf(HoneException.class).hasMessage(dir + ": tokenizer.json not found");
        Path nowhere = dir.resolve("nowhere");
        assertThatThrownBy(() -> Tokenizer.load(nowhere))
                .isInstanceOf(HoneException.class).hasMessage(nowhere + ": model directory not found");
    }

    @Test
    void malformedJson(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, "{\"model\": {\"vocab\": {\"a\": 0,}}}");
        assertThatThrownBy(() -> Tokenizer.load(dir))
                .isInstanceOf(HoneException.class)
                .hasMessageStartingWith(file + ": malformed JSON at line 1, column ");
    }

    @Test
    void jsonThatIsNotATokenizer(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, "{\"version\": \"1.0\"}");
        assertThatThrownBy(() -> Tokenizer.load(dir))
                .isInstanceOf(HoneException.class)
                .hasMessage(file + ": no model.vocab, not a Hugging Face tokenizer.json");
        Files.writeString(file, "{\"model\": {\"type\": \"Nonsense\", \"vocab\": {\"a\": 0}}}");
        assertThatThrownBy(() -> Tokenizer.load(dir))
                .isInstanceOf(HoneException.class)
                .hasMessageStartingWith(file + ": not a valid Hugging Face tokenizer: ");
    }

    @Test
    void malformedTokenizerConfig(@TempDir Path dir) throws IOException {
        Files.copy(TINY_LLAMA.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"bos_token\": \"<s>\"\n \"eos_token\": 1}");
        assertThatThrownBy(() -> Tokenizer.load(dir))
                .isInstanceOf(HoneException.class)
                .hasMessageStartingWith(dir.resolve("tokenizer_config.json") + ": malformed JSON at line 2, column ");
    }
}
