package io.hone.train.loop;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress line on stderr: step/total, loss, tokens/s, ETA. On a terminal it is redrawn in place with {@code \r};
 * otherwise (a log file, CI) a plain line is printed about every 5% of the run.
 */
final class Progress {
    private final PrintStream out;
    private final long total, firstStep;
    private final boolean terminal;
    private final long every;
    private final long startNanos = System.nanoTime();
    private long tokens;
    private boolean lineOpen;

    Progress(PrintStream out, long firstStep, long total, boolean terminal) {
        this.out = out;
        this.firstStep = firstStep;
        this.total = total;
        this.terminal = terminal;
        this.every = Math.max(1, total / 20);
    }

    static boolean stderrIsTerminal() {
        var c = System.console();
        return c != null && c.isTerminal();
    }

    void step(long step, double loss, long stepTokens) {
        tokens += stepTokens;
        if (!terminal && step % every != 0 && step != total && step != firstStep + 1) return;
        double secs = (System.nanoTime() - startNanos) / 1e9;
        long done = step - firstStep;
        double eta = done == 0 ? 0 : secs / done * (total - step);
        int width = 24, filled = (int) (width * step / Math.max(1, total));
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        String line = String.format(Locale.ROOT, "[%s] step %d/%d  loss %.4f  %.0f tok/s  elapsed %s  eta %s",
                bar, step, total, loss, tokens / Math.max(secs, 1e-9), time(secs), time(eta));
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
            lineOpen = true;
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** A message on its own line (the progress line, if open, is ended first). */
    void message(String text) {
        if (lineOpen) out.println();
        lineOpen = false;
        out.println(text);
        out.flush();
    }

    void finish() {
        if (lineOpen) out.println();
        lineOpen = false;
        out.flush();
    }

    static String time(double secs) {
        long s = Math.round(secs);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
