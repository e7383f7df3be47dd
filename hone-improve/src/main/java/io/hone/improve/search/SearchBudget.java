package io.hone.improve.search;

import io.hone.core.HoneException;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the search may spend: wall-clock seconds, model calls (generations and scorings that miss the response
 * cache) and training steps, each 0 for unlimited, plus a cap on rounds. Parsed from {@code --budget}: a preset
 * ({@code small}, {@code full}) or a comma list such as {@code 30m}, {@code 1h}, {@code 90s}, {@code 5000calls},
 * {@code 3000steps}, {@code 6rounds}.
 */
public record SearchBudget(double seconds, long calls, long steps, int rounds) {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(calls|steps|rounds|h|m|s)");

    public static final SearchBudget SMALL = new SearchBudget(0, 2_000, 200, 2);
    public static final SearchBudget FULL = new SearchBudget(1_800, 0, 0, 8);

    public static SearchBudget parse(String spec) {
        String s = spec.strip().toLowerCase(Locale.ROOT);
        if (s.equals("small")) return SMALL;
        if (s.equals("full")) return FULL;
        double seconds = 0;
        long calls = 0, steps = 0;
        int rounds = 0;
        for (String part : s.split(",")) {
            String p = part.strip();
            Matcher m = PART.matcher(p);
            int at = 0;
            while (at < p.length() && m.find(at) && m.start() == at) {
                double v = Double.parseDouble(m.group(1));
                switch (m.group(2)) {
                    case "h" -> seconds += v * 3600;
                    case "m" -> seconds += v * 60;
                    case "s" -> seconds += v;
                    case "calls" -> calls = (long) v;
                    case "steps" -> steps = (long) v;
                    default -> rounds = (int) v;
                }
                at = m.end();
            }
            if (p.isEmpty() || at != p.length()) {
                throw new HoneException("--budget: '" + p + "' is not small, full or a list like 30m,5000calls,3000steps,6rounds");
            }
        }
        return new SearchBudget(seconds, calls, steps, rounds == 0 ? FULL.rounds : rounds);
    }

    /** What has been spent so far; {@code exhausted} says which limit was hit first, or null. */
    public String exhausted(double spentSeconds, long spentCalls, long spentSteps) {
        if (seconds > 0 && spentSeconds >= seconds) return String.format(Locale.ROOT, "wall-clock budget of %.0f s spent", seconds);
        if (calls > 0 && spentCalls >= calls) return "budget of " + calls + " model calls spent";
        if (steps > 0 && spentSteps >= steps) return "budget of " + steps + " training steps spent";
        return null;
    }

    /** Training steps still allowed (Long.MAX_VALUE when unlimited). */
    public long stepsLeft(long spentSteps) {
        return steps > 0 ? Math.max(0, steps - spentSteps) : Long.MAX_VALUE;
    }

    public String describe() {
        StringBuilder b = new StringBuilder();
        if (seconds > 0) b.append(String.format(Locale.ROOT, "%.0f s, ", seconds));
        if (calls > 0) b.append(calls).append(" calls, ");
        if (steps > 0) b.append(steps).append(" steps, ");
        return b.append(rounds).append(" rounds").toString();
    }
}
