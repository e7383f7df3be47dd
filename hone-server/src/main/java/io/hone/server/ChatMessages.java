package io.hone.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.hone.core.chat.ChatMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A chat request's {@code messages}: {@code {role, content}} objects, roles system, user and assistant; content a
 * string or a list of {@code {"type": "text", "text"}} parts, joined with newlines (as vLLM joins them).
 */
final class ChatMessages {
    static final Set<String> ROLES = Set.of("system", "user", "assistant");

    private ChatMessages() {}

    static List<ChatMessage> parse(Fields f) {
        JsonNode list = f.get("messages");
        if (list == null) throw ApiError.invalid("messages", "'messages' is required");
        if (!list.isArray()) throw ApiError.invalid("messages", "'messages' must be a list of {role, content} objects");
        if (list.isEmpty()) throw ApiError.invalid("messages", "'messages' must not be empty");
        List<ChatMessage> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode m = list.get(i);
            String at = "messages[" + i + "]";
            if (!m.isObject()) throw ApiError.invalid(at, at + " must be an object with role and content");
            JsonNode role = m.get("role");
            if (role == null || !role.isTextual()) throw ApiError.invalid(at + ".role", at + ".role must be a string");
            if (!ROLES.contains(role.asText())) {
                throw ApiError.invalid(at + ".role", at + ".role '" + role.asText() + "' is not one of system, user, assistant");
            }
            out.add(new ChatMessage(role.asText(), content(m.get("content"), at + ".content")));
        }
        return out;
    }

    private static String content(JsonNode c, String at) {
        if (c == null || c.isNull()) throw ApiError.invalid(at, at + " is required");
        if (c.isTextual()) return c.asText();
        if (!c.isArray()) throw ApiError.invalid(at, at + " must be a string or a list of text parts");
        List<String> parts = new ArrayList<>();
        for (JsonNode p : c) {
            if (!p.isObject() || !"text".equals(p.path("type").asText()) || !p.path("text").isTextual()) {
                throw ApiError.unsupported(at, at + ": only {\"type\": \"text\", \"text\": ...} parts are supported");
            }
            parts.add(p.get("text").asText());
        }
        return String.join("\n", parts);
    }
}
