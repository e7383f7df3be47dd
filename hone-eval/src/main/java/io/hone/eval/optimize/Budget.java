package io.hone.eval.optimize;

/** A cap on model calls (cache hits are free). Not thread-safe beyond its synchronized methods. */
public final class Budget {
    private final int max;
    private int used;

    public Budget(int max) {
        if (max < 1) throw new IllegalArgumentException("budget must be >= 1 model call");
        this.max = max;
    }

    /** Takes one call from the budget, or throws {@link BudgetExhausted} when none is left. */
    public synchronized void charge() {
        if (used >= max) throw new BudgetExhausted(max);
        used++;
    }

    public synchronized int used() {
        return used;
    }

    public int max() {
        return max;
    }

    public synchronized boolean exhausted() {
        return used >= max;
    }
}
