package io.hone.train.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hone.core.HoneException;
import io.hone.core.chat.ChatMessage;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Reads a JSONL training file, one record per line (blank lines skipped), each in one of the formats
 * {@code {"text"}}, {@code {"prompt","completion"}}, Alpaca {@code {"instruction","input","output"}} or chat
 * {@code {"messages":[{"role","content"}...]}}. Any malformed line fails the whole file with {@code file:line: problem}.
 */
public final class JsonlReader {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonlReader() {}

    public static List<Sample> read(Path file) {
        return read(file, JsonlReader::sample);
    }

    /** Reads any JSONL record type: {@code parse} gets each non-blank line's JSON and its {@code file:line}. */
    public static <T> List<T> read(Path file, BiFunction<JsonNode, String, T> parse) {
        var out = new ArrayList<T>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = in.readLine()) != null) {
                no++;
                if (line.isBlank()) continue;
                String where = file + ":" + no;
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    String why = e.getOriginalMessage().replaceAll("\\s*\\(start marker at .*", "").lines().findFirst().orElse("");
                    throw new HoneException(where + ": not valid JSON at column " + e.getLocation().getColumnNr() + " (" + why + ")");
                }
                out.add(parse.apply(n, where));
            }
        } catch (NoSuchFileException e) {
            throw new HoneException(file + ": file not found");
        } catch (IOException e) {
            throw new HoneException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (out.isEmpty()) throw new HoneException(file + ": no examples (the file is empty)");
        return out;
    }

    /** One parsed line: the format is told by which fields are present. */
    static Sample sample(JsonNode n, String where) {
        if (!n.isObject()) throw new HoneException(where + ": expected a JSON object, got " + kind(n));
        if (n.has("messages")) return chat(n.get("messages"), where);
        if (n.has("prompt") || n.has("completion")) return new Sample.PromptCompletion(string(n, "prompt", where), string(n, "completion", where));
        if (n.has("instruction") || n.has("output")) {
            String input = n.hasNonNull("input") ? string(n, "input", where) : "";
            return new Sample.PromptCompletion(Alpaca.prompt(string(n, "instruction", where), input), string(n, "output", where));
        }
        if (n.has("text")) return new Sample.Text(string(n, "text", where));
        var keys = new ArrayList<String>();
        n.fieldNames().forEachRemaining(keys::add);
        throw new HoneException(where + ": no known fields (expected \"text\", \"prompt\"+\"completion\", \"instruction\"+\"output\" or \"messages\"; found "
                + (keys.isEmpty() ? "none" : String.join(", ", keys)) + ")");
    }

    private static Sample chat(JsonNode messages, String where) {
        return new Sample.Chat(messages(messages, "messages", where));
    }

    /** A non-empty list of {@code {role, content}} objects in {@code field}. */
    public static List<ChatMessage> messages(JsonNode messages, String field, String where) {
        if (!messages.isArray()) throw new HoneException(where + ": field '" + field + "' must be an array, got " + kind(messages));
        if (messages.isEmpty()) throw new HoneException(where + ": field '" + field + "' is empty");
        var out = new ArrayList<ChatMessage>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String at = where + ": " + field + "[" + i + "]";
            if (!m.isObject()) throw new HoneException(at + " must be an object, got " + kind(m));
            out.add(new ChatMessage(string(m, "role", at), string(m, "content", at)));
        }
        return List.copyOf(out);
    }

    public static String string(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null) throw new HoneException(where + ": missing field '" + field + "'");
        if (!v.isTextual()) throw new HoneException(where + ": field '" + field + "' must be a string, got " + kind(v));
        return v.asText();
    }

    public static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case STRING -> "a string";
            default -> v.getNodeType().name().toLowerCase();
        };
    }
}
