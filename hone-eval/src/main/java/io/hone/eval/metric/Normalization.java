package io.hone.eval.metric;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Answer normalisation steps, applied in SQuAD's {@code normalize_answer} order: lowercase, remove ASCII
 * punctuation, remove the articles a/an/the, collapse whitespace (which also trims).
 */
public record Normalization(boolean lowercase, boolean punctuation, boolean articles, boolean whitespace) {
    public static final Normalization SQUAD = new Normalization(true, true, true, true);
    public static final Normalization NONE = new Normalization(false, false, false, false);
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"; // Python's string.punctuation

    /** Parses {@code squad}, {@code none}, or a comma list of {@code case,punctuation,articles,whitespace}. */
    public static Normalization parse(String spec) {
        String s = spec.strip().toLowerCase(Locale.ROOT);
        if (s.equals("squad")) return SQUAD;
        if (s.equals("none")) return NONE;
        boolean c = false, p = false, a = false, w = false;
        for (String part : s.split(",")) {
            switch (part.strip()) {
                case "case" -> c = true;
                case "punctuation" -> p = true;
                case "articles" -> a = true;
                case "whitespace" -> w = true;
                default -> throw new IllegalArgumentException("unknown normalisation '" + part.strip()
                        + "' (use squad, none, or a list of case,punctuation,articles,whitespace)");
            }
        }
        return new Normalization(c, p, a, w);
    }

    public String apply(String text) {
        String t = text;
        if (lowercase) t = t.toLowerCase(Locale.ROOT);
        if (punctuation) {
            StringBuilder sb = new StringBuilder(t.length());
            for (int i = 0; i < t.length(); i++) if (PUNCTUATION.indexOf(t.charAt(i)) < 0) sb.append(t.charAt(i));
            t = sb.toString();
        }
        if (articles) t = ARTICLES.matcher(t).replaceAll(" ");
        if (whitespace) t = String.join(" ", t.strip().split("\\s+"));
        return t;
    }
}
