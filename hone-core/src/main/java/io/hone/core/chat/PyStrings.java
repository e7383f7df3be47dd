package io.hone.core.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Python {@code str} methods with CPython's exact semantics, for chat templates written against jinja2
 * (where {@code content.strip()} calls Python's method). Java's look-alikes differ: {@code String.split} takes
 * a regex and drops trailing empty strings, {@code String.strip} has another whitespace set, and so on.
 */
public final class PyStrings {
    private PyStrings() {}

    /** {@code str.isspace} for one code point: Unicode White_Space as CPython defines it. */
    public static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || cp == 0x85 || cp == 0xA0 || cp == 0x2007 || cp == 0x202F;
    }

    /** {@code s.strip(chars)}; {@code chars == null} strips whitespace. */
    public static String strip(String s, String chars) {
        return rstrip(lstrip(s, chars), chars);
    }

    public static String lstrip(String s, String chars) {
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (!stripped(cp, chars)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return s.substring(i);
    }

    public static String rstrip(String s, String chars) {
        int end = s.length();
        while (end > 0) {
            int cp = s.codePointBefore(end);
            if (!stripped(cp, chars)) {
                break;
            }
            end -= Character.charCount(cp);
        }
        return s.substring(0, end);
    }

    private static boolean stripped(int cp, String chars) {
        return chars == null ? isSpace(cp) : chars.indexOf(Character.toString(cp)) >= 0;
    }

    /**
     * {@code s.split(sep, maxsplit)}. With {@code sep == null}: runs of whitespace separate, leading and
     * trailing whitespace is ignored, no empty strings. Otherwise {@code sep} is a literal string and empty
     * strings are kept. {@code maxsplit < 0} means no limit.
     */
    public static List<String> split(String s, String sep, int maxsplit) {
        List<String> out = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && isSpace(s.codePointAt(i))) {
                    i += Character.charCount(s.codePointAt(i));
                }
                if (i >= n) {
                    return out;
                }
                if (maxsplit >= 0 && out.size() == maxsplit) {
                    out.add(s.substring(i)); // the rest, trailing whitespace included
                    return out;
                }
                int start = i;
                while (i < n && !isSpace(s.codePointAt(i))) {
                    i += Character.charCount(s.codePointAt(i));
                }
                out.add(s.substring(start, i));
            }
        }
        if (sep.isEmpty()) {
            throw new PyError("empty separator");
        }
        int start = 0;
        int at;
        while ((maxsplit < 0 || out.size() < maxsplit) && (at = s.indexOf(sep, start)) >= 0) {
            out.add(s.substring(start, at));
            start = at + sep.length();
        }
        out.add(s.substring(start));
        return out;
    }

    /** {@code s.startswith(prefix)} where prefix is a string or a tuple/list of strings. */
    public static boolean startswith(String s, Object prefix) {
        if (prefix instanceof Iterable<?> options) {
            for (Object o : options) {
                if (s.startsWith(text(o, "startswith"))) {
                    return true;
                }
            }
            return false;
        }
        return s.startsWith(text(prefix, "startswith"));
    }

    public static boolean endswith(String s, Object suffix) {
        if (suffix instanceof Iterable<?> options) {
            for (Object o : options) {
                if (s.endsWith(text(o, "endswith"))) {
                    return true;
                }
            }
            return false;
        }
        return s.endsWith(text(suffix, "endswith"));
    }

    public static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    public static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** {@code str.title}: a cased character following an uncased one is title-cased, the others lower-cased. */
    public static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean previousCased = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            out.appendCodePoint(previousCased ? Character.toLowerCase(cp) : Character.toTitleCase(cp));
            previousCased = isCased(cp);
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /** {@code str.capitalize} (Python 3.8+): first character title-cased, the rest lower-cased. */
    public static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int first = s.codePointAt(0);
        return new StringBuilder().appendCodePoint(Character.toTitleCase(first))
                .append(lower(s.substring(Character.charCount(first)))).toString();
    }

    /** {@code s.replace(old, new, count)}; {@code count < 0} replaces all. An empty {@code old} matches between characters. */
    public static String replace(String s, String old, String replacement, int count) {
        if (count < 0 && !old.isEmpty()) {
            return s.replace(old, replacement);
        }
        StringBuilder out = new StringBuilder();
        int done = 0;
        int start = 0;
        if (old.isEmpty()) {
            for (int i = 0; i <= s.length(); ) {
                if (count < 0 || done < count) {
                    out.append(replacement);
                    done++;
                }
                if (i == s.length()) {
                    break;
                }
                int cp = s.codePointAt(i);
                out.appendCodePoint(cp);
                i += Character.charCount(cp);
            }
            return out.toString();
        }
        int at;
        while (done < count && (at = s.indexOf(old, start)) >= 0) {
            out.append(s, start, at).append(replacement);
            start = at + old.length();
            done++;
        }
        return out.append(s.substring(start)).toString();
    }

    /** {@code sep.join(items)}; like Python, every item must be a string. */
    public static String join(String sep, Object items) {
        if (!(items instanceof Iterable<?> iterable)) {
            throw new PyError("join() argument must be a list of strings");
        }
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (Object o : iterable) {
            if (!first) {
                out.append(sep);
            }
            out.append(text(o, "join"));
            first = false;
        }
        return out.toString();
    }

    private static boolean isCased(int cp) {
        return Character.isUpperCase(cp) || Character.isLowerCase(cp) || Character.isTitleCase(cp);
    }

    static String text(Object o, String method) {
        if (o instanceof CharSequence || o instanceof com.hubspot.jinjava.objects.SafeString) {
            return o.toString();
        }
        throw new PyError(method + "() expects a string, got " + (o == null ? "None" : PyRepr.repr(o)));
    }
}
