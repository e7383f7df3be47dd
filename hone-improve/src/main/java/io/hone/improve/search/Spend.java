package io.hone.improve.search;

/** Cost of one candidate (its move and its scoring), or of the run so far. */
public record Spend(long calls, long steps, double seconds) {
    public static final Spend ZERO = new Spend(0, 0, 0);

    public Spend plus(Spend o) {
        return new Spend(calls + o.calls, steps + o.steps, seconds + o.seconds);
    }
}
