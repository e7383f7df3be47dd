package io.hone.train.pref;

import com.fasterxml.jackson.databind.JsonNode;
import io.hone.core.HoneException;
import io.hone.core.chat.ChatMessage;
import io.hone.train.data.JsonlReader;

import java.nio.file.Path;
import java.util.List;

/**
 * One line of a preference file in TRL's formats: standard {@code {"prompt", "chosen", "rejected"}} strings, or
 * conversational lists of {@code {role, content}} messages (explicit {@code prompt}, or implicit: {@code chosen} and
 * {@code rejected} are whole conversations whose common leading messages are the prompt, as TRL's
 * {@code extract_prompt}).
 */
public sealed interface PreferenceRecord {
    record Text(String prompt, String chosen, String rejected) implements PreferenceRecord {}

    record Chat(List<ChatMessage> prompt, List<ChatMessage> chosen, List<ChatMessage> rejected) implements PreferenceRecord {}

    /** Every line of {@code file}; any bad line fails the whole file with {@code file:line: problem}. */
    static List<PreferenceRecord> read(Path file) {
        return JsonlReader.read(file, PreferenceRecord::parse);
    }

    static PreferenceRecord parse(JsonNode n, String where) {
        if (!n.isObject()) throw new HoneException(where + ": expected a JSON object, got " + JsonlReader.kind(n));
        for (String f : List.of("chosen", "rejected")) {
            if (!n.has(f)) throw new HoneException(where + ": missing field '" + f + "' (a preference record has \"prompt\", \"chosen\", \"rejected\")");
        }
        JsonNode chosen = n.get("chosen");
        if (chosen.isTextual()) {
            if (!n.has("prompt")) {
                throw new HoneException(where + ": missing field 'prompt' (text records need it; only conversational records may leave the prompt implicit)");
            }
            return new Text(JsonlReader.string(n, "prompt", where), JsonlReader.string(n, "chosen", where), JsonlReader.string(n, "rejected", where));
        }
        if (!chosen.isArray()) {
            throw new HoneException(where + ": field 'chosen' must be a string or a list of messages, got " + JsonlReader.kind(chosen));
        }
        List<ChatMessage> c = JsonlReader.messages(chosen, "chosen", where), r = JsonlReader.messages(n.get("rejected"), "rejected", where);
        if (n.has("prompt")) return new Chat(JsonlReader.messages(n.get("prompt"), "prompt", where), c, r);
        int common = 0;
        while (common < c.size() - 1 && common < r.size() - 1 && c.get(common).equals(r.get(common))) common++;
        if (common == 0) throw new HoneException(where + ": no 'prompt', and 'chosen' and 'rejected' share no leading messages to take as the prompt");
        return new Chat(c.subList(0, common), c.subList(common, c.size()), r.subList(common, r.size()));
    }
}
