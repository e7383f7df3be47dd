package io.hone.core.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hone.core.HoneException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatTemplateLoadTest {
    static final List<ChatMessage> HI = List.of(ChatMessage.user("hi"));

    @Test
    void templateStringInTokenizerConfig(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), """
                {"bos_token": "<s>", "eos_token": {"content": "</s>"},
                 "chat_template": "{{ bos_token }}{% for m in messages %}[{{ m.role }}] {{ m.content }}{{ eos_token }}{% endfor %}"}""");
        assertThat(ChatTemplate.load(dir).render(HI, false)).isEqualTo("<s>[user] hi</s>");
    }

    @Test
    void jinjaFileWinsOverTokenizerConfig(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": \"config\"}");
        Files.writeString(dir.resolve("chat_template.jinja"), "file\n");
        assertThat(ChatTemplate.load(dir).render(HI, false)).isEqualTo("file");
    }

    @Test
    void namedTemplatesUseDefault(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), """
                {"chat_template": [{"name": "tool_use", "template": "tools"}, {"name": "default", "template": "plain"}]}""");
        assertThat(ChatTemplate.load(dir).render(HI, false)).isEqualTo("plain");
    }

    @Test
    void namedTemplatesWithoutDefault(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("tokenizer_config.json");
        Files.writeString(config, "{\"chat_template\": [{\"name\": \"rag\", \"template\": \"x\"}]}");
        assertThatThrownBy(() -> ChatTemplate.load(dir)).isInstanceOf(HoneException.class)
                .hasMessage(config + ": chat_template has no template named 'default' (found [rag])");
    }

    @Test
    void malformedChatTemplateField(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("tokenizer_config.json");
        Files.writeString(config, "{\"chat_template\": 3}");
        assertThatThrownBy(() -> ChatTemplate.load(dir)).isInstanceOf(HoneException.class)
                .hasMessage(config + ": chat_template must be a string or a list of {name, template}");
        Files.writeString(config, "{\"chat_template\": [{\"name\": \"default\"}]}");
        assertThatThrownBy(() -> ChatTemplate.load(dir)).isInstanceOf(HoneException.class)
                .hasMessage(config + ": chat_template list entries need string fields name and template");
    }

    @Test
    void noTemplate(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"bos_token\": \"<s>\"}");
        assertThatThrownBy(() -> ChatTemplate.load(dir)).isInstanceOf(HoneException.class)
                .hasMessage(dir + ": no chat template (neither chat_template.jinja nor chat_template in tokenizer_config.json)");
        Path nowhere = dir.resolve("nowhere");
        assertThatThrownBy(() -> ChatTemplate.load(nowhere)).isInstanceOf(HoneException.class)
                .hasMessage(nowhere + ": model directory not found");
    }

    @Test
    void malformedTokenizerConfig(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("tokenizer_config.json");
        Files.writeString(config, "{\"chat_template\": \"x\",,}");
        assertThatThrownBy(() -> ChatTemplate.load(dir)).isInstanceOf(HoneException.class)
                .hasMessageStartingWith(config + ": malformed JSON at line 1, column ");
    }
}
