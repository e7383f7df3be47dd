package io.hone.core.progress;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One progress line: {@code label [bar] done/total unit  rate  extra  elapsed m:ss  ETA m:ss}. On a terminal it is
 * redrawn in place ({@code \r}, clear to end of line) at most 4 times a second and always on the final update;
 * anywhere else (a log file, CI, a captured stream) a plain line is printed at the first update, about every 5% of the
 * total (at most one a second) and at the last, and never a {@code \r}. A total of -1 means unknown: no fill, no ETA. A null stream is
 * silent. Configure with {@link #unit}, {@link #from}, {@link #withoutRate} before the first update; one thread only.
 */
public final class ProgressBar {
    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 250_000_000L;
    /** Unknown total, not a terminal: no 5% marks, so a line this often. */
    private static final long LOG_EVERY_NANOS = 30_000_000_000L;
    /** Not a terminal: a 5% mark reached sooner than this after the last line waits (a fast job logs first and last). */
    private static final long LOG_MIN_NANOS = 1_000_000_000L;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean terminal;
    private final LongSupplier clock;
    private final long startNanos;
    private String unit = "";
    private double scale = 1;
    private boolean showRate = true;
    private long from, done;
    private String extra = "";
    private boolean drawnAny, pending, lineOpen;
    private long lastDraw, nextMark;

    ProgressBar(PrintStream out, String label, long total, boolean terminal, LongSupplier clock) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.terminal = terminal;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
    }

    /** A bar on {@code out} (null = silent), redrawn in place when {@code out} is a terminal. */
    public static ProgressBar on(PrintStream out, String label, long total) {
        return on(out, label, total, isTerminal(out));
    }

    /** As {@link #on(PrintStream, String, long)} with the terminal mode forced (tests). */
    public static ProgressBar on(PrintStream out, String label, long total, boolean terminal) {
        return new ProgressBar(out, label, total, terminal, System::nanoTime);
    }

    /** Whether {@code out} is the process's stdout or stderr and the console is a terminal. */
    public static boolean isTerminal(PrintStream out) {
        var c = System.console();
        return out != null && (out == System.err || out == System.out) && c != null && c.isTerminal();
    }

    /** Shows amounts as {@code done / scale} in {@code unit} (e.g. "MB", 1e6; scaled amounts get one decimal). */
    public ProgressBar unit(String unit, double scale) {
        this.unit = unit;
        this.scale = scale;
        return this;
    }

    public ProgressBar unit(String unit) {
        return unit(unit, 1);
    }

    /** Work already done before this run (a resumed job): the bar starts there, rate and ETA count from there. */
    public ProgressBar from(long done) {
        this.from = done;
        this.done = done;
        return this;
    }

    /** Leaves out the done-per-second field, for callers that put their own rate in the extra fields. */
    public ProgressBar withoutRate() {
        showRate = false;
        return this;
    }

    public void advance(long n) {
        update(done + n, extra);
    }

    public void update(long done) {
        update(done, "");
    }

    /** Sets the amount done; {@code extra} (e.g. "loss 0.1234") is shown after the rate. */
    public void update(long done, String extra) {
        this.done = done;
        this.extra = extra == null ? "" : extra;
        if (out == null) return;
        long now = clock.getAsLong();
        if (due(now)) draw(now);
        else pending = true;
    }

    /** Prints {@code text} on its own line, ending an open bar line first. */
    public void message(String text) {
        if (out == null) return;
        endLine();
        out.println(text);
        out.flush();
    }

    /** Shows the last update if it was skipped, and ends the line. */
    public void finish() {
        if (out == null) return;
        if (pending) draw(clock.getAsLong());
        endLine();
        out.flush();
    }

    /** Seconds since the bar was made. */
    public double seconds() {
        return (clock.getAsLong() - startNanos) / 1e9;
    }

    private boolean due(long now) {
        if (!drawnAny) return true;
        if (terminal) return (total >= 0 && done >= total) || now - lastDraw >= REDRAW_NANOS;
        if (total < 0) return now - lastDraw >= LOG_EVERY_NANOS;
        return done >= total || done >= nextMark && now - lastDraw >= LOG_MIN_NANOS;
    }

    private void draw(long now) {
        String text = line(now);
        if (terminal) {
            out.print("\r" + text + "\u001b[K");
            lineOpen = true;
        } else {
            out.println(text);
        }
        out.flush();
        drawnAny = true;
        pending = false;
        lastDraw = now;
        long every = Math.max(1, total / 20);
        nextMark = done >= total ? Long.MAX_VALUE : Math.min(total, (done / every + 1) * every);
    }

    private void endLine() {
        if (lineOpen) out.println();
        lineOpen = false;
    }

    String line(long now) {
        double secs = (now - startNanos) / 1e9;
        double rate = (done - from) / Math.max(secs, 1e-9);
        var s = new StringBuilder();
        if (!label.isEmpty()) s.append(label).append(' ');
        int filled = total < 0 ? 0 : total == 0 ? WIDTH : (int) (WIDTH * Math.min(1.0, Math.max(0.0, (double) done / total)));
        s.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ").append(amount(done));
        if (total >= 0) s.append('/').append(amount(total));
        if (!unit.isEmpty()) s.append(' ').append(unit);
        if (showRate) s.append("  ").append(rate(rate / scale)).append(unit.isEmpty() ? "" : " " + unit).append("/s");
        if (!extra.isEmpty()) s.append("  ").append(extra);
        s.append("  elapsed ").append(time(secs));
        if (total >= 0) s.append("  ETA ").append(done >= total ? time(0) : rate > 0 ? time((total - done) / rate) : "-:--");
        return s.toString();
    }

    private String amount(long v) {
        return scale == 1 ? Long.toString(v) : String.format(Locale.ROOT, "%.1f", v / scale);
    }

    private static String rate(double r) {
        return String.format(Locale.ROOT, r < 10 ? "%.2f" : r < 100 ? "%.1f" : "%.0f", r);
    }

    /** m:ss, or h:mm:ss from an hour up. */
    static String time(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
