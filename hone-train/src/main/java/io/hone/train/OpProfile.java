package io.hone.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall-clock time per training op (linear forward, attention backward, ...), summed over calls, for the training
 * benchmark's profile. Off by default; when off {@link #start()} returns 0 and {@link #stop} does nothing. Ops are
 * timed on the thread driving the step (they parallelise inside), so the parts add up to the step time.
 */
public final class OpProfile {
    private static volatile boolean on;
    private static final Map<String, long[]> TOTALS = new LinkedHashMap<>();

    private OpProfile() {}

    public static void enable(boolean enabled) {
        on = enabled;
    }

    public static long start() {
        return on ? System.nanoTime() : 0L;
    }

    /** Adds the time since {@code t0} (from {@link #start()}) to {@code op}. */
    public static void stop(String op, long t0) {
        if (t0 == 0L) return;
        long dt = System.nanoTime() - t0;
        synchronized (TOTALS) {
            long[] v = TOTALS.computeIfAbsent(op, k -> new long[2]);
            v[0] += dt;
            v[1]++;
        }
    }

    /** Nanoseconds per op since the last reset, in first-seen order. */
    public static Map<String, Long> snapshot() {
        var out = new LinkedHashMap<String, Long>();
        synchronized (TOTALS) {
            TOTALS.forEach((k, v) -> out.put(k, v[0]));
        }
        return out;
    }

    public static void reset() {
        synchronized (TOTALS) {
            TOTALS.clear();
        }
    }
}
