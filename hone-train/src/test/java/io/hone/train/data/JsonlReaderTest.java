package io.hone.train.data;

import io.hone.core.HoneException;
import io.hone.core.chat.ChatMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonlReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryFormat() throws Exception {
        Path f = write("""
                {"text": "hello"}

                {"prompt": "2+2=", "completion": "4"}
                {"instruction": "Add", "input": "2 and 2", "output": "4"}
                {"instruction": "Say hi", "output": "hi"}
                {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}
                """);
        List<Sample> s = JsonlReader.read(f);
        assertThat(s).hasSize(5);
        assertThat(s.get(0)).isEqualTo(new Sample.Text("hello"));
        assertThat(s.get(1)).isEqualTo(new Sample.PromptCompletion("2+2=", "4"));
        assertThat(s.get(2)).isEqualTo(new Sample.PromptCompletion(Alpaca.prompt("Add", "2 and 2"), "4"));
        assertThat(((Sample.PromptCompletion) s.get(2)).prompt()).endsWith("### Input:\n2 and 2\n\n### Response:");
        assertThat(((Sample.PromptCompletion) s.get(3)).prompt()).doesNotContain("### Input");
        assertThat(s.get(4)).isEqualTo(new Sample.Chat(List.of(new ChatMessage("user", "hi"), new ChatMessage("assistant", "hello"))));
    }

    @Test
    void malformedLinesNameFileAndLine() throws Exception {
        expect("{\"text\": \"a\"}\n{\"text\": \"b\"\n", ":2: not valid JSON at column 13 (Unexpected end-of-input: expected close marker for Object)");
        expect("{\"text\": \"a\"} x\n", ":1: not valid JSON at column 15 (Unrecognized token 'x': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false'))");
        expect("[1, 2]\n", ":1: expected a JSON object, got an array");
        expect("{\"prompt\": \"a\"}\n", ":1: missing field 'completion'");
        expect("{\"prompt\": \"a\", \"completion\": 4}\n", ":1: field 'completion' must be a string, got a number");
        expect("{\"instruction\": \"a\"}\n", ":1: missing field 'output'");
        expect("{\"messages\": []}\n", ":1: field 'messages' is empty");
        expect("{\"messages\": \"hi\"}\n", ":1: field 'messages' must be an array, got a string");
        expect("{\"messages\": [{\"role\": \"user\"}]}\n", ":1: messages[0]: missing field 'content'");
        expect("{\"messages\": [{\"role\": 1, \"content\": \"x\"}]}\n", ":1: messages[0]: field 'role' must be a string, got a number");
        expect("{\"question\": \"a\", \"answer\": \"b\"}\n", ":1: no known fields (expected \"text\", \"prompt\"+\"completion\", \"instruction\"+\"output\" or \"messages\"; found question, answer)");
        expect("\n\n", ": no examples (the file is empty)");
        assertThatThrownBy(() -> JsonlReader.read(dir.resolve("missing.jsonl"))).isInstanceOf(HoneException.class).hasMessageEndingWith("missing.jsonl: file not found");
    }

    private void expect(String content, String message) throws Exception {
        Path f = write(content);
        assertThatThrownBy(() -> JsonlReader.read(f)).isInstanceOf(HoneException.class).hasMessage(f + message);
    }

    private Path write(String content) throws Exception {
        Path f = Files.createTempFile(dir, "data", ".jsonl");
        Files.writeString(f, content);
        return f;
    }
}
