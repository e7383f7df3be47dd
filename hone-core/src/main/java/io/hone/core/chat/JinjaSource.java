package io.hone.core.chat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a jinja2 template source so that Jinjava, with its own trimming switched off, renders it as jinja2
 * does. Jinjava's {@code lstrip_blocks} strips spaces before a tag even in the middle of a line, does not know
 * {@code {%+}, and handles comments differently; so jinja2's lexer rules are applied here:
 * <ul>
 *   <li>newlines ({@code \r\n}, {@code \r}) become {@code \n}; one trailing newline is dropped
 *       ({@code keep_trailing_newline=False});</li>
 *   <li>{@code trim_blocks}: one newline right after {@code %}} or {@code #}} is dropped, unless written {@code +%}};</li>
 *   <li>{@code lstrip_blocks}: spaces and tabs between the start of a line and {@code {%} or {@code {#} are
 *       dropped, unless written {@code {%+};</li>
 *   <li>{@code {%-}, {@code -%}} and the like drop all whitespace on that side.</li>
 * </ul>
 * The output has no {@code -}/{@code +} markers and no comments, and expressions are adjusted by
 * {@link JinjaExpressions}. Inside tags, string literals and bracket nesting are respected when looking for the
 * closing delimiter, as jinja2's lexer does.
 */
final class JinjaSource {
    private static final Pattern RAW_BEGIN = Pattern.compile("\\{%([-+]?)\\s*raw\\s*(-%}\\s*|%})");
    private static final Pattern RAW_END = Pattern.compile("\\{%([-+]?)\\s*endraw\\s*(\\+%}|-%}\\s*|%}\\n?)");

    private JinjaSource() {}

    static String prepare(String template) {
        String source = template.replace("\r\n", "\n").replace('\r', '\n');
        if (source.endsWith("\n")) {
            source = source.substring(0, source.length() - 1);
        }
        StringBuilder out = new StringBuilder(source.length());
        int pos = 0;
        boolean lineStarting = true; // the previous token ended with a newline (or there was none)
        while (pos < source.length()) {
            int start = nextTagStart(source, pos);
            if (start < 0) {
                out.append(source, pos, source.length());
                break;
            }
            char kind = source.charAt(start + 1); // '{' variable, '%' block, '#' comment
            char sign = start + 2 < source.length() ? source.charAt(start + 2) : ' ';
            sign = sign == '-' || sign == '+' ? sign : ' ';
            out.append(leadingText(source.substring(pos, start), sign, kind != '{', lineStarting));
            int inner = start + 2 + (sign == ' ' ? 0 : 1);

            Matcher raw = RAW_BEGIN.matcher(source).region(start, source.length());
            if (kind == '%' && raw.lookingAt()) {
                Matcher rawEnd = raw(source, raw, out);
                pos = rawEnd.end();
                lineStarting = rawEnd.group().endsWith("\n");
                continue;
            }
            int end = kind == '#' ? commentEnd(source, inner) : tagEnd(source, inner, kind == '{' ? '}' : '%');
            if (end < 0) {
                throw new IllegalArgumentException("unclosed " + (kind == '#' ? "comment" : kind == '{' ? "{{" : "{%")
                        + " at offset " + start);
            }
            char last = end > inner ? source.charAt(end - 1) : ' ';
            char endSign = last == '-' || (last == '+' && kind != '{') ? last : ' ';
            if (kind != '#') {
                String expression = source.substring(inner, endSign == ' ' ? end : end - 1);
                out.append('{').append(kind).append(JinjaExpressions.rewrite(expression))
                        .append(kind == '{' ? '}' : '%').append('}');
            }
            pos = end + 2;
            lineStarting = false;
            if (endSign == '-') {
                while (pos < source.length() && PyStrings.isSpace(source.charAt(pos))) {
                    lineStarting = source.charAt(pos) == '\n';
                    pos++;
                }
            } else if (endSign != '+' && kind != '{' && pos < source.length() && source.charAt(pos) == '\n') {
                pos++; // trim_blocks
                lineStarting = true;
            }
        }
        return out.toString();
    }

    /** The text before a tag, after the tag's whitespace control (jinja2's OptionalLStrip rule). */
    private static String leadingText(String text, char sign, boolean blockOrComment, boolean lineStarting) {
        if (sign == '-') {
            return PyStrings.rstrip(text, null);
        }
        if (sign != '+' && blockOrComment) {
            int lineStart = text.lastIndexOf('\n') + 1;
            if ((lineStart > 0 || lineStarting) && lineStart < text.length()
                    && PyStrings.strip(text.substring(lineStart), null).isEmpty()) {
                return text.substring(0, lineStart);
            }
        }
        return text;
    }

    private static int nextTagStart(String s, int from) {
        for (int i = s.indexOf('{', from); i >= 0 && i + 1 < s.length(); i = s.indexOf('{', i + 1)) {
            char c = s.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') {
                return i;
            }
        }
        return -1;
    }

    /** Offset of the closing {@code }}} or {@code %}} at bracket depth 0 outside string literals. */
    private static int tagEnd(String s, int from, char closer) {
        Deque<Character> brackets = new ArrayDeque<>();
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = stringEnd(s, i);
                if (i < 0) {
                    return -1;
                }
            } else if (brackets.isEmpty() && c == closer && i + 1 < s.length() && s.charAt(i + 1) == '}') {
                return i;
            } else if (c == '(' || c == '[' || c == '{') {
                brackets.push(c == '(' ? ')' : c == '[' ? ']' : '}');
            } else if (!brackets.isEmpty() && c == brackets.peek()) {
                brackets.pop();
            }
        }
        return -1;
    }

    private static int stringEnd(String s, int quoteAt) {
        char quote = s.charAt(quoteAt);
        for (int i = quoteAt + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }

    private static int commentEnd(String s, int from) {
        return s.indexOf("#}", from);
    }

    /** Copies a {@code {% raw %}...{% endraw %}} block; returns the match of its end tag. */
    private static Matcher raw(String source, Matcher begin, StringBuilder out) {
        Matcher end = RAW_END.matcher(source).region(begin.end(), source.length());
        if (!end.find()) {
            throw new IllegalArgumentException("missing {% endraw %}");
        }
        char sign = end.group(1).isEmpty() ? ' ' : end.group(1).charAt(0);
        String content = leadingText(source.substring(begin.end(), end.start()), sign, true,
                begin.group().endsWith("\n"));
        out.append("{% raw %}").append(content).append("{% endraw %}");
        return end;
    }
}
