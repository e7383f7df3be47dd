package io.hone.server;

import java.time.Duration;

/**
 * How the compute thread batches: at most {@code maxBatch} requests decode together, at most {@code maxQueue} wait
 * to join (429 beyond), and a request still waiting or generating {@code requestTimeout} after it was queued is ended
 * (504); {@link Duration#ZERO} means no limit.
 */
public record ServeLimits(int maxBatch, int maxQueue, Duration requestTimeout) {
    public static final int DEFAULT_MAX_BATCH = 16;
    public static final int DEFAULT_MAX_QUEUE = 256;
    public static final ServeLimits DEFAULTS = new ServeLimits(DEFAULT_MAX_BATCH, DEFAULT_MAX_QUEUE, Duration.ZERO);

    public ServeLimits {
        if (maxBatch < 1) throw new IllegalArgumentException("max batch must be >= 1, got " + maxBatch);
        if (maxQueue < 1) throw new IllegalArgumentException("max queue must be >= 1, got " + maxQueue);
        if (requestTimeout.isNegative()) throw new IllegalArgumentException("request timeout must be >= 0, got " + requestTimeout);
    }

    /** The deadline (System.nanoTime) of a request queued now; Long.MAX_VALUE without a timeout. */
    long deadline() {
        return requestTimeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + requestTimeout.toNanos();
    }
}
