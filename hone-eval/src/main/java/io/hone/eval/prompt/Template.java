package io.hone.eval.prompt;

import io.hone.core.HoneException;

import java.util.Map;

/** {@code {name}} placeholders filled from a map; {@code {{} and {@code }}} are literal braces. */
public final class Template {
    private Template() {}

    public static String fill(String template, Map<String, String> vars) {
        StringBuilder sb = new StringBuilder(template.length() + 64);
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '{') {
                sb.append('{');
                i++;
            } else if (c == '}' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                sb.append('}');
                i++;
            } else if (c == '{') {
                int end = template.indexOf('}', i);
                if (end < 0) throw new HoneException("prompt template: unclosed '{' at offset " + i + " in \"" + template + "\"");
                String name = template.substring(i + 1, end);
                String v = vars.get(name);
                if (v == null) throw new HoneException("prompt template: unknown variable {" + name + "} (known: " + vars.keySet().stream().sorted().toList() + ")");
                sb.append(v);
                i = end;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The literal text before the first placeholder, trimmed (e.g. {@code Question:}); "" if none. */
    static String leadingLiteral(String template) {
        int i = template.indexOf('{');
        return (i < 0 ? template : template.substring(0, i)).strip();
    }
}
