package io.hone.core.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * One work-splitting pool sized to the cores hone may use (system property hone.threads, default all).
 * The calling thread always takes part in the work, so a call keeps exactly threads() cores busy.
 */
public final class Parallel {
    private static final int THREADS = Math.max(1, Integer.getInteger("hone.threads", Runtime.getRuntime().availableProcessors()));
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
        forEach(chunks, c -> body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks)));
    }

    /**
     * Runs body(0..n-1), each index exactly once, on up to threads() threads that take the next
     * index as they become free (so a core slowed by other load does fewer tasks).
     */
    public static void forEach(int n, IntConsumer body) {
        if (n <= 0) return;
        int workers = Math.min(THREADS, n);
        if (POOL == null || workers == 1) {
            for (int i = 0; i < n; i++) body.accept(i);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i; (i = next.getAndIncrement()) < n; ) body.accept(i);
        };
        ForkJoinTask<?>[] helpers = new ForkJoinTask<?>[workers - 1];
        for (int w = 0; w < helpers.length; w++) helpers[w] = POOL.submit(worker);
        Throwable failure = null;
        try {
            worker.run();
        } catch (Throwable t) {
            failure = t;
            next.set(n);
        }
        for (ForkJoinTask<?> h : helpers) {
            try {
                h.join();
            } catch (Throwable t) {
                if (failure == null) failure = t; else failure.addSuppressed(t);
            }
        }
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error e) throw e;
        if (failure != null) throw new RuntimeException(failure);
    }
}
