package io.hone.core.chat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * Python's {@code str()} and {@code repr()} of template values, so {@code {{ flag }}} prints {@code True} and
 * {@code {{ [1, 'a'] }}} prints {@code [1, 'a']} as jinja2 would. Floats use Python's shortest round-trip repr.
 */
public final class PyRepr {
    private PyRepr() {}

    /** {@code str(value)}: strings as they are, everything else as {@link #repr}. */
    public static String str(Object value) {
        if (value instanceof CharSequence || value instanceof com.hubspot.jinjava.objects.SafeString) {
            return value.toString();
        }
        return repr(value);
    }

    public static String repr(Object value) {
        StringBuilder out = new StringBuilder();
        repr(value, out);
        return out.toString();
    }

    private static void repr(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("None");
            case Boolean b -> out.append(b ? "True" : "False");
            case Double d -> out.append(floatRepr(d));
            case Float f -> out.append(floatRepr(f.doubleValue()));
            case BigDecimal d -> out.append(floatRepr(d.doubleValue()));
            case Number n -> out.append(n instanceof BigInteger ? n.toString() : Long.toString(n.longValue()));
            case CharSequence s -> quote(s.toString(), out);
            case com.hubspot.jinjava.objects.SafeString s -> quote(s.toString(), out);
            case Map<?, ?> m -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    out.append(first ? "" : ", ");
                    repr(e.getKey(), out);
                    out.append(": ");
                    repr(e.getValue(), out);
                    first = false;
                }
                out.append('}');
            }
            case Iterable<?> items -> {
                out.append('[');
                boolean first = true;
                for (Object o : items) {
                    out.append(first ? "" : ", ");
                    repr(o, out);
                    first = false;
                }
                out.append(']');
            }
            case Object[] items -> repr(java.util.Arrays.asList(items), out);
            default -> out.append(value);
        }
    }

    /** Python {@code repr(str)}: single quotes unless the text has ' and no ", escapes for the unprintable. */
    static void quote(String s, StringBuilder out) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        out.append(q);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == q || cp == '\\') {
                out.append('\\').appendCodePoint(cp);
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (isPrintable(cp)) {
                out.appendCodePoint(cp);
            } else if (cp < 0x100) {
                out.append(String.format("\\x%02x", cp));
            } else if (cp < 0x10000) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.append(String.format("\\U%08x", cp));
            }
        }
        out.append(q);
    }

    /** {@code str.isprintable} for one code point: not in categories Cc Cf Cs Co Cn Zl Zp, nor Zs other than space. */
    static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                 Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    /**
     * Python {@code repr(float)}: the shortest digits that round-trip (what {@link Double#toString} finds since
     * JDK 19), written in fixed notation for decimal exponents -4..15 and as {@code 1e-05} / {@code 1.5e+16} beyond.
     */
    public static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        String sign = (d < 0 || (d == 0 && 1 / d < 0)) ? "-" : "";
        if (d == 0) {
            return sign + "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        if (exact.precision() == 2) {
            // Java prints at least two digits (4.9E-324) where one may already round-trip (Python: 5e-324)
            BigDecimal one = new BigDecimal(Math.abs(d)).round(new java.math.MathContext(1));
            if (one.doubleValue() == Math.abs(d)) {
                exact = one.stripTrailingZeros();
            }
        }
        String digits = exact.unscaledValue().toString();
        int exp = digits.length() - 1 - exact.scale(); // decimal exponent of the first digit
        StringBuilder out = new StringBuilder(sign);
        if (exp < -4 || exp >= 16) {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exp < 0 ? '-' : '+');
            int abs = Math.abs(exp);
            out.append(abs < 10 ? "0" : "").append(abs);
        } else if (exp < 0) {
            out.append("0.").append("0".repeat(-exp - 1)).append(digits);
        } else if (digits.length() <= exp + 1) {
            out.append(digits).append("0".repeat(exp + 1 - digits.length())).append(".0");
        } else {
            out.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
        }
        return out.toString();
    }
}
