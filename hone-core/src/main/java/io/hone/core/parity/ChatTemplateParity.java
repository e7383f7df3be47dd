package io.hone.core.parity;

import io.hone.core.io.JsonFile;
import com.fasterxml.jackson.databind.JsonNode;
import io.hone.core.HoneException;
import io.hone.core.chat.ChatMessage;
import io.hone.core.chat.ChatTemplate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code chat_templates.json}: every template × conversation × generation-prompt case rendered identically. */
public final class ChatTemplateParity {
    private ChatTemplateParity() {}

    public static List<Check> run(Path file) {
        JsonNode root = JsonFile.read(file);
        String bos = root.path("bos_token").asText(""), eos = root.path("eos_token").asText("");
        List<List<ChatMessage>> conversations = new ArrayList<>();
        for (JsonNode conv : root.get("conversations")) {
            List<ChatMessage> msgs = new ArrayList<>();
            for (JsonNode m : conv) msgs.add(new ChatMessage(m.get("role").asText(), m.get("content").asText()));
            conversations.add(msgs);
        }
        List<Check> out = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            String name = c.get("template").asText();
            int conv = c.get("conversation").asInt();
            boolean gen = c.get("add_generation_prompt").asBoolean();
            String label = "chat template " + name + " conv " + conv + (gen ? " +gen" : "");
            ChatTemplate t = ChatTemplate.of(root.get("templates").get(name).asText(), bos, eos);
            String expected = c.get("rendered").asText();
            String got;
            try {
                got = t.render(conversations.get(conv), gen, Map.of());
            } catch (HoneException e) {
                got = "error: " + e.getMessage();
            }
            out.add(Check.exact(label, got.equals(expected), "got " + Check.quote(got) + " expected " + Check.quote(expected)));
        }
        return out;
    }
}
