package io.hone.eval;

import java.util.Locale;

/** A metric's value on n examples with its 95% bootstrap confidence interval. */
public record Score(String metric, double mean, double ciLow, double ciHigh, int n) {
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %.4f (95%% CI %.4f–%.4f, n=%d)", metric, mean, ciLow, ciHigh, n);
    }
}
