package io.hone.rag.embed;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on stderr: done/total, rate and ETA, redrawn at most 4 times a second. */
public final class Progress {
    private final PrintStream err;
    private final String label;
    private final String unit;
    private final long total;
    private final long start = System.nanoTime();
    private long done;
    private long lastDraw;

    public Progress(PrintStream err, String label, String unit, long total) {
        this.err = err;
        this.label = label;
        this.unit = unit;
        this.total = total;
    }

    public void advance(long n) {
        done += n;
        long now = System.nanoTime();
        if (err != null && (now - lastDraw > 250_000_000L || done >= total)) {
            lastDraw = now;
            draw(now);
        }
    }

    public double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    public void finish() {
        if (err == null) return;
        draw(System.nanoTime());
        err.println();
        err.flush();
    }

    private void draw(long now) {
        double secs = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / secs;
        int width = 24;
        int filled = total == 0 ? width : (int) (width * Math.min(1.0, (double) done / total));
        String eta = rate > 0 && done < total ? duration((total - done) / rate) : "0s";
        err.print(String.format(Locale.ROOT, "\r%s [%s%s] %d/%d %s  %.1f %s/s  ETA %s   ", label, "#".repeat(filled),
                ".".repeat(width - filled), done, total, unit, rate, unit, eta));
        err.flush();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? s / 3600 + "h" + (s % 3600) / 60 + "m" : s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
    }
}
