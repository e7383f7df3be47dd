package io.hone.eval.optimize;

/** Thrown by a {@link BudgetedModel} when the search has spent its model calls. */
public final class BudgetExhausted extends RuntimeException {
    public BudgetExhausted(int max) {
        super("budget of " + max + " model calls exhausted");
    }
}
