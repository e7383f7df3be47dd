package io.hone.core.chat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps}, byte for byte: the {@code tojson} filter of transformers' chat templates is
 * {@code json.dumps(x, ensure_ascii=False, indent=indent, separators=separators, sort_keys=sort_keys)}, and
 * tool-calling prompts embed its output, so separators, float formatting and escapes must match.
 */
public final class PyJson {
    private final String indent;       // null: one line
    private final boolean ensureAscii;
    private final String itemSeparator;
    private final String keySeparator;
    private final boolean sortKeys;

    /**
     * @param indent     null for one line, else the string repeated per level (Python's int n is n spaces)
     * @param separators null for Python's default: {@code (", ", ": ")} on one line, {@code (",", ": ")} indented
     */
    public PyJson(String indent, boolean ensureAscii, List<String> separators, boolean sortKeys) {
        this.indent = indent;
        this.ensureAscii = ensureAscii;
        this.itemSeparator = separators != null ? separators.get(0) : indent == null ? ", " : ",";
        this.keySeparator = separators != null ? separators.get(1) : ": ";
        this.sortKeys = sortKeys;
    }

    /** {@code json.dumps(value)} with Python's defaults except {@code ensure_ascii=False}, as transformers' tojson. */
    public static String dumps(Object value) {
        return new PyJson(null, false, null, false).write(value);
    }

    public String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.toString();
    }

    private void write(Object value, StringBuilder out, int depth) {
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b ? "true" : "false");
            case Double d -> out.append(floatJson(d));
            case Float f -> out.append(floatJson(f.doubleValue()));
            case BigDecimal d -> out.append(floatJson(d.doubleValue()));
            case BigInteger n -> out.append(n);
            case Number n -> out.append(n.longValue());
            case Map<?, ?> m -> writeObject(m, out, depth);
            case Iterable<?> items -> writeArray(items, out, depth);
            case Object[] items -> writeArray(Arrays.asList(items), out, depth);
            default -> string(value.toString(), out);
        }
    }

    private void writeObject(Map<?, ?> map, StringBuilder out, int depth) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        List<Map.Entry<String, Object>> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            entries.add(Map.entry(key(e.getKey()), e.getValue() == null ? NULL : e.getValue()));
        }
        if (sortKeys) {
            entries.sort(Map.Entry.comparingByKey());
        }
        out.append('{');
        for (int i = 0; i < entries.size(); i++) {
            out.append(i == 0 ? "" : itemSeparator);
            newline(out, depth + 1);
            string(entries.get(i).getKey(), out);
            out.append(keySeparator);
            Object v = entries.get(i).getValue();
            write(v == NULL ? null : v, out, depth + 1);
        }
        newline(out, depth);
        out.append('}');
    }

    private static final Object NULL = new Object(); // Map.entry rejects null values

    private void writeArray(Iterable<?> items, StringBuilder out, int depth) {
        if (!items.iterator().hasNext()) {
            out.append("[]");
            return;
        }
        out.append('[');
        boolean first = true;
        for (Object o : items) {
            out.append(first ? "" : itemSeparator);
            newline(out, depth + 1);
            write(o, out, depth + 1);
            first = false;
        }
        newline(out, depth);
        out.append(']');
    }

    private void newline(StringBuilder out, int depth) {
        if (indent != null) {
            out.append('\n').append(indent.repeat(depth));
        }
    }

    /** Python turns non-string keys into strings: {@code True → "true"}, {@code None → "null"}, {@code 1.5 → "1.5"}. */
    private static String key(Object k) {
        return switch (k) {
            case null -> "null";
            case Boolean b -> b ? "true" : "false";
            case Double d -> floatJson(d);
            case Float f -> floatJson(f.doubleValue());
            default -> k.toString();
        };
    }

    private static String floatJson(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return PyRepr.floatRepr(d);
    }

    private void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // ensure_ascii escapes everything outside ' '..'~' (UTF-16 units, so astral chars become pairs)
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
