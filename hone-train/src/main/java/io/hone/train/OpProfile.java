package io.hone.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Wall-clock time per training op (linear forward, attention backward, ...), summed over calls, for the training
 * benchmark's profile. Off by default; when off {@link #time} just runs the work. Ops are
 * timed on the thread driving the step (they parallelise inside), so the parts add up to the step time.
 */
public final class OpProfile {
    private static volatile boolean on;
    private static final Map<String, long[]> TOTALS = new LinkedHashMap<>();

    private OpProfile() {}

    public static void enable(boolean enabled) {
        on = enabled;
    }

    /** Runs {@code work}, its wall time added to {@code op} when profiling is on. */
    public static void time(String op, Runnable work) {
        if (!on) {
            work.run();
            return;
        }
        long t0 = System.nanoTime();
        work.run();
        add(op, System.nanoTime() - t0);
    }

    /** As {@link #time(String, Runnable)}, for work that returns a value. */
    public static <T> T timed(String op, Supplier<T> work) {
        if (!on) return work.get();
        long t0 = System.nanoTime();
        T v = work.get();
        add(op, System.nanoTime() - t0);
        return v;
    }

    private static void add(String op, long dt) {
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
