package io.hone.core.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/** One work-splitting pool sized to the cores hone may use (system property hone.threads, default all). */
public final class Parallel {
    private static final int THREADS = Integer.getInteger("hone.threads", Runtime.getRuntime().availableProcessors());
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS) : null;

    private Parallel() {}

    public static int threads() {
        return THREADS;
    }

    public interface RangeBody {
        void run(int from, int to);
    }

    /** Splits [0, n) into at most threads() contiguous chunks and runs them in parallel. */
    public static void forRange(int n, RangeBody body) {
        if (n <= 0) return;
        int chunks = Math.min(THREADS, n);
        if (POOL == null || chunks == 1) {
            body.run(0, n);
            return;
        }
        POOL.submit(() -> IntStream.range(0, chunks).parallel().forEach(c -> {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            body.run(from, to);
        })).join();
    }
}
