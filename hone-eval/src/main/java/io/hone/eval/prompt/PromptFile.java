package io.hone.eval.prompt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hone.core.HoneException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code prompt.json}: {@code {"mode": "completion"|"chat", "instruction", "template", "demos": [{"input", "output",
 * "fields"?}], "knn": {"k", "pool": [demos]}?}} plus free-form {@code "meta"} (written by optimize-prompt, ignored on read).
 */
public final class PromptFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PromptFile() {}

    public static ObjectNode toJson(PromptProgram p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("mode", p.mode().name().toLowerCase(Locale.ROOT));
        o.put("instruction", p.instruction());
        o.put("template", p.template());
        o.set("demos", demos(p.demos()));
        if (p.knn() != null) {
            ObjectNode k = o.putObject("knn");
            k.put("k", p.knn().k());
            k.set("pool", demos(p.knn().pool()));
        }
        return o;
    }

    public static void write(Path file, PromptProgram p, Map<String, Object> meta) {
        ObjectNode o = toJson(p);
        if (meta != null && !meta.isEmpty()) o.set("meta", JSON.valueToTree(meta));
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(o) + "\n");
        } catch (IOException e) {
            throw new HoneException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    public static PromptProgram read(Path file) {
        if (!Files.isRegularFile(file)) throw new HoneException(file + ": prompt file not found");
        JsonNode o;
        try {
            o = JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new HoneException(file + ":" + e.getLocation().getLineNr() + ": invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new HoneException(file + ": cannot read: " + e.getMessage(), e);
        }
        String where = file + ": ";
        if (o == null || !o.isObject()) throw new HoneException(where + "expected a JSON object");
        PromptProgram.Mode mode = switch (text(o, "mode", "completion", where)) {
            case "completion" -> PromptProgram.Mode.COMPLETION;
            case "chat" -> PromptProgram.Mode.CHAT;
            default -> throw new HoneException(where + "\"mode\" must be \"completion\" or \"chat\"");
        };
        String template = text(o, "template", mode == PromptProgram.Mode.CHAT ? PromptProgram.CHAT_TEMPLATE : PromptProgram.COMPLETION_TEMPLATE, where);
        List<Demo> demos = o.has("demos") ? demos(o.get("demos"), where + "\"demos\"") : List.of();
        PromptProgram.Knn knn = null;
        if (o.hasNonNull("knn")) {
            JsonNode k = o.get("knn");
            if (!k.path("k").isInt() || k.get("k").asInt() < 1) throw new HoneException(where + "\"knn.k\" must be an integer >= 1");
            knn = new PromptProgram.Knn(k.get("k").asInt(), demos(k.path("pool"), where + "\"knn.pool\""));
        }
        return new PromptProgram(mode, text(o, "instruction", "", where), template, demos, knn);
    }

    private static ArrayNode demos(List<Demo> ds) {
        ArrayNode a = JSON.createArrayNode();
        for (Demo d : ds) {
            ObjectNode n = a.addObject().put("input", d.input()).put("output", d.output());
            if (!d.fields().isEmpty()) n.set("fields", JSON.valueToTree(new java.util.TreeMap<>(d.fields())));
        }
        return a;
    }

    private static List<Demo> demos(JsonNode a, String what) {
        if (!a.isArray()) throw new HoneException(what + " must be a list of {\"input\", \"output\"}");
        List<Demo> out = new ArrayList<>();
        int i = 0;
        for (JsonNode d : a) {
            if (!d.path("input").isTextual() || !d.path("output").isTextual()) {
                throw new HoneException(what + "[" + i + "] needs string \"input\" and \"output\"");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            d.path("fields").fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().asText()));
            out.add(new Demo(d.get("input").asText(), d.get("output").asText(), fields));
            i++;
        }
        return out;
    }

    private static String text(JsonNode o, String field, String dflt, String where) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) return dflt;
        if (!v.isTextual()) throw new HoneException(where + "\"" + field + "\" must be a string");
        return v.asText();
    }
}
