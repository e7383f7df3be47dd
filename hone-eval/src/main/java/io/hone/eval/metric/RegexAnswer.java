package io.hone.eval.metric;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extracts the answer from the output with a regular expression and compares it with the reference, as
 * lm-evaluation-harness's GSM8K filters do.
 * <ul>
 * <li>{@code strict}: the first {@code #### <number>} ({@code #### (\-?[0-9\.\,]+)}, lm-eval's strict-match);</li>
 * <li>{@code flexible}: the last number in the output (lm-eval's flexible-extract; here a number must contain a
 * digit, whereas lm-eval's {@code (-?[$0-9.,]{2,})|(-?[0-9]+)} also matches e.g. {@code ".."});</li>
 * <li>a custom pattern: its first match, group 1 if it has one.</li>
 * </ul>
 * Then, on both the extracted answer and the reference (whose text after its last {@code ####} is taken when it has
 * one, so GSM8K's worked answers work as targets): commas and {@code $} are removed, and a trailing period
 * (lm-eval's {@code regexes_to_ignore}). Two numbers match when numerically equal ({@code 42.0} = {@code 42};
 * lm-eval compares strings), anything else when the strings are equal. No match scores 0 ({@code [invalid]}).
 */
public record RegexAnswer(String mode, Pattern pattern, boolean lastMatch) implements GenerativeMetric {
    public static final String INVALID = "[invalid]";
    private static final Pattern STRICT = Pattern.compile("#### (\\-?[0-9.,]+)");
    private static final Pattern NUMBER = Pattern.compile("-?\\$?[0-9][0-9,]*(?:\\.[0-9]+)?");

    public static RegexAnswer strict() {
        return new RegexAnswer("strict", STRICT, false);
    }

    public static RegexAnswer flexible() {
        return new RegexAnswer("flexible", NUMBER, true);
    }

    public static RegexAnswer custom(String regex) {
        return new RegexAnswer("custom", Pattern.compile(regex), false);
    }

    /** {@code strict}, {@code flexible}, or a regular expression. */
    public static RegexAnswer parse(String spec) {
        return switch (spec) {
            case "strict" -> strict();
            case "flexible" -> flexible();
            default -> custom(spec);
        };
    }

    @Override
    public String name() {
        return "exact_match," + mode;
    }

    @Override
    public Judgement judge(String output, List<String> targets) {
        String got = extract(output);
        if (got == null) return new Judgement(INVALID, 0);
        for (String t : targets) if (same(got, reference(t))) return new Judgement(got, 1);
        return new Judgement(got, 0);
    }

    /** The cleaned answer in the output, or null when the pattern does not match. */
    public String extract(String output) {
        Matcher m = pattern.matcher(output);
        String found = null;
        while (m.find()) {
            found = m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
            if (!lastMatch) break;
        }
        return found == null ? null : clean(found);
    }

    /** The reference answer: text after the last {@code ####} if any, cleaned. */
    public static String reference(String target) {
        int i = target.lastIndexOf("####");
        return clean(i >= 0 ? target.substring(i + 4) : target);
    }

    static String clean(String s) {
        String t = s.replace(",", "").replace("$", "").strip();
        while (t.endsWith(".")) t = t.substring(0, t.length() - 1);
        return t.strip();
    }

    static boolean same(String a, String b) {
        if (a.equals(b)) return true;
        try {
            return new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
