package io.hone.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hone.core.io.JsonFile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A request body's fields, read with their types checked: every wrong value is a 400 naming the field. A field that is
 * absent or JSON {@code null} takes its default, as OpenAI's API treats them.
 */
final class Fields {
    /** One JSON value and nothing after it but whitespace: {@code {...} xyz} is not a request. */
    private static final ObjectReader READER = JsonFile.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ObjectNode body;

    private Fields(ObjectNode body) {
        this.body = body;
    }

    static Fields parse(byte[] bytes) {
        JsonNode node;
        try {
            node = READER.readTree(bytes);
        } catch (JacksonException e) {
            throw ApiError.invalid(null, "request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiError.invalid(null, "cannot read the request body: " + e.getMessage());
        }
        if (node == null || !node.isObject()) throw ApiError.invalid(null, "request body must be a JSON object");
        return new Fields((ObjectNode) node);
    }

    /** The field's value, or null when it is absent or JSON null. */
    JsonNode get(String name) {
        JsonNode v = body.get(name);
        return v == null || v.isNull() ? null : v;
    }

    String string(String name, String fallback) {
        JsonNode v = get(name);
        if (v == null) return fallback;
        if (!v.isTextual()) throw ApiError.invalid(name, "'" + name + "' must be a string");
        return v.asText();
    }

    boolean bool(String name, boolean fallback) {
        JsonNode v = get(name);
        if (v == null) return fallback;
        if (!v.isBoolean()) throw ApiError.invalid(name, "'" + name + "' must be true or false");
        return v.asBoolean();
    }

    /** An integer in {@code [min, max]}; 3.0 counts as 3, 3.5 and "3" do not. */
    Long integer(String name, Long fallback, long min, long max) {
        JsonNode v = get(name);
        if (v == null) return fallback;
        if (!v.isNumber() || !(v.isIntegralNumber() || v.asDouble() == Math.rint(v.asDouble())) || !v.canConvertToLong()) {
            throw ApiError.invalid(name, "'" + name + "' must be an integer");
        }
        long x = v.asLong();
        if (x < min || x > max) throw ApiError.invalid(name, "'" + name + "' must be in " + min + ".." + max + ", got " + x);
        return x;
    }

    double number(String name, double fallback) {
        JsonNode v = get(name);
        if (v == null) return fallback;
        if (!v.isNumber()) throw ApiError.invalid(name, "'" + name + "' must be a number");
        return v.asDouble();
    }

    /** A string or a list of strings (OpenAI's {@code stop}); empty strings are dropped. */
    List<String> strings(String name) {
        JsonNode v = get(name);
        List<String> out = new ArrayList<>();
        if (v == null) return out;
        if (v.isTextual()) {
            if (!v.asText().isEmpty()) out.add(v.asText());
            return out;
        }
        if (!v.isArray()) throw ApiError.invalid(name, "'" + name + "' must be a string or a list of strings");
        for (JsonNode s : v) {
            if (!s.isTextual()) throw ApiError.invalid(name, "'" + name + "' must be a string or a list of strings");
            if (!s.asText().isEmpty()) out.add(s.asText());
        }
        return out;
    }

    /** Rejects a field hone serve does not implement unless it holds the value that means "off". */
    void onlyDefault(String name, JsonNode off, String why) {
        JsonNode v = get(name);
        if (v == null) return;
        boolean isOff = off == null ? v.isEmpty() && (v.isObject() || v.isArray())
                : off.isNumber() ? v.isNumber() && v.asDouble() == off.asDouble() : v.equals(off);
        if (!isOff) throw ApiError.unsupported(name, "'" + name + "' is not supported by hone serve" + (why.isEmpty() ? "" : ": " + why));
    }
}
