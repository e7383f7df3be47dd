package io.hone.eval;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on a terminal stream: done/total, rate, ETA; redrawn at most every 200 ms. */
public final class Progress {
    private static final int WIDTH = 24;
    private final PrintStream out;
    private final String label;
    private final int total;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int done;

    /** {@code out} null = silent. */
    public Progress(PrintStream out, String label, int total) {
        this.out = out;
        this.label = label;
        this.total = total;
    }

    public void step() {
        done++;
        long now = System.nanoTime();
        if (out != null && (now - lastDraw > 200_000_000L || done == total)) {
            lastDraw = now;
            out.print("\r" + line(label, done, total, (now - start) / 1e9));
            if (done == total) out.println();
            out.flush();
        }
    }

    static String line(String label, int done, int total, double seconds) {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        double rate = done / Math.max(seconds, 1e-9);
        long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
        return String.format(Locale.ROOT, "%s [%s%s] %d/%d %.2f/s ETA %d:%02d", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), done, total, rate, eta / 60, eta % 60);
    }
}
