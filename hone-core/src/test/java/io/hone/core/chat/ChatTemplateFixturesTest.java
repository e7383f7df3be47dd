package io.hone.core.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hone.core.HoneException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Renders exactly what transformers' apply_chat_template rendered (fixtures/chat-templates, tiny-llama). */
class ChatTemplateFixturesTest {
    static final Path FIXTURES = Path.of(System.getProperty("hone.fixtures", "../shared/fixtures"));
    static final JsonNode FILE = read(FIXTURES.resolve("chat-templates/chat_templates.json"));

    static JsonNode read(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<ChatMessage> conversation(int index) {
        List<ChatMessage> out = new ArrayList<>();
        for (JsonNode m : FILE.get("conversations").get(index)) {
            out.add(new ChatMessage(m.get("role").asText(), m.get("content").asText()));
        }
        return out;
    }

    static JsonNode fixtureCase(String template, int conversation, boolean generationPrompt) {
        for (JsonNode c : FILE.get("cases")) {
            if (c.get("template").asText().equals(template) && c.get("conversation").asInt() == conversation
                    && c.get("add_generation_prompt").asBoolean() == generationPrompt) {
                return c;
            }
        }
        throw new IllegalArgumentException(template);
    }

    @TestFactory
    List<DynamicTest> everyFixtureCase() {
        String bos = FILE.get("bos_token").asText();
        String eos = FILE.get("eos_token").asText();
        assertThat(FILE.get("cases")).hasSize(20);
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : FILE.get("cases")) {
            String name = c.get("template").asText();
            int conv = c.get("conversation").asInt();
            boolean gen = c.get("add_generation_prompt").asBoolean();
            ChatTemplate template = ChatTemplate.of(FILE.get("templates").get(name).asText(), bos, eos);
            tests.add(DynamicTest.dynamicTest(name + " conversation " + conv + " generation prompt " + gen, () -> {
                if (c.has("error")) { // none today; kept so a regenerated fixture with errors is checked too
                    String message = c.get("error").asText().replaceFirst("^\\w+: ", "");
                    assertThatThrownBy(() -> template.render(conversation(conv), gen, Map.of()))
                            .isInstanceOf(HoneException.class).hasMessage("chat template: " + message);
                } else {
                    assertThat(template.render(conversation(conv), gen, Map.of())).isEqualTo(c.get("rendered").asText());
                }
            }));
        }
        return tests;
    }

    @Test
    void llama2TemplateRaisesWhenRolesDoNotAlternate() {
        ChatTemplate llama2 = ChatTemplate.of(FILE.get("templates").get("llama2").asText(), "<s>", "</s>");
        List<ChatMessage> twoUsers = List.of(ChatMessage.user("a"), ChatMessage.user("b"));
        assertThatThrownBy(() -> llama2.render(twoUsers, true, Map.of()))
                .isInstanceOf(HoneException.class)
                .hasMessage("chat template: Conversation roles must alternate user/assistant/user/assistant/...");
    }

    @Test
    void tinyLlamaModelDirectoryTemplate() {
        ChatTemplate t = ChatTemplate.load(FIXTURES.resolve("tiny-llama"));
        assertThat(t.source()).isEqualTo(FILE.get("templates").get("llama2").asText());
        assertThat(t.bosToken()).isEqualTo("<s>");
        assertThat(t.eosToken()).isEqualTo("</s>");
        for (int conv = 0; conv < 2; conv++) {
            for (boolean gen : new boolean[] {false, true}) {
                assertThat(t.render(conversation(conv), gen))
                        .isEqualTo(fixtureCase("llama2", conv, gen).get("rendered").asText());
            }
        }
        assertThatThrownBy(() -> t.render(List.of(ChatMessage.assistant("hi")), false))
                .isInstanceOf(HoneException.class)
                .hasMessage("chat template: Conversation roles must alternate user/assistant/user/assistant/...");
    }

    @Test
    void llama3TokenizerDirectoryTemplateWithOverriddenBos() {
        ChatTemplate t = ChatTemplate.load(FIXTURES.resolve("tokenizers/llama3"));
        assertThat(t.bosToken()).isEqualTo("<|begin_of_text|>");
        for (int conv = 0; conv < 2; conv++) {
            String expected = fixtureCase("llama3", conv, true).get("rendered").asText();
            // the fixture rendered it with tiny-llama's bos "<s>"; extra variables override the model's tokens
            assertThat(t.render(conversation(conv), true, Map.of("bos_token", "<s>"))).isEqualTo(expected);
            assertThat(t.render(conversation(conv), true))
                    .isEqualTo("<|begin_of_text|>" + expected.substring("<s>".length()));
        }
    }
}
