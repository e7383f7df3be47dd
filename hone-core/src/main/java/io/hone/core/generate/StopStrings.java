package io.hone.core.generate;

import java.util.List;

/**
 * Streams generated text while watching for stop strings: text that could still turn into a stop string
 * is held back, and generation ends at the first stop string (which is not emitted).
 */
public final class StopStrings {
    private final List<String> stops;
    private final StringBuilder text = new StringBuilder();
    private int emitted;
    private boolean stopped;

    public StopStrings(List<String> stops) {
        this.stops = stops.stream().filter(s -> !s.isEmpty()).toList();
    }

    /** Adds decoded text; returns what may be shown now. After a stop string, {@link #stopped()} is true. */
    public String accept(String piece) {
        if (stopped) return "";
        text.append(piece);
        int cut = -1;
        for (String s : stops) {
            int i = text.indexOf(s, Math.max(0, emitted - s.length() + 1));
            if (i >= 0 && (cut < 0 || i < cut)) cut = i;
        }
        if (cut >= 0) {
            stopped = true;
            String out = text.substring(Math.min(emitted, cut), cut);
            emitted = cut;
            text.setLength(cut);
            return out;
        }
        int safe = text.length() - heldBack();
        String out = safe > emitted ? text.substring(emitted, safe) : "";
        emitted = Math.max(emitted, safe);
        return out;
    }

    /** Whatever was held back, once generation ended for another reason. */
    public String flush() {
        String out = text.substring(emitted);
        emitted = text.length();
        return out;
    }

    public boolean stopped() {
        return stopped;
    }

    public String text() {
        return text.toString();
    }

    private int heldBack() {
        String t = text.toString();
        int hold = 0;
        for (String s : stops) {
            for (int k = Math.min(s.length() - 1, text.length()); k > hold; k--) {
                if (t.regionMatches(t.length() - k, s, 0, k)) {
                    hold = k;
                    break;
                }
            }
        }
        return hold;
    }
}
