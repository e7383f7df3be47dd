package io.hone.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap (Efron): resample the examples with replacement {@value #RESAMPLES} times with a seeded
 * generator, recompute the statistic, take the 2.5th and 97.5th percentiles (linear interpolation, as numpy).
 */
public final class Bootstrap {
    public static final int RESAMPLES = 1000;

    private Bootstrap() {}

    public static Score mean(String metric, double[] xs, long seed) {
        return ratio(metric, xs, ones(xs.length), seed, false);
    }

    /**
     * Σ num / Σ den over the resampled examples; with {@code perplexity}, exp(−Σ num / Σ den) (num = log-likelihoods,
     * den = token counts), so the interval is of the corpus-level perplexity.
     */
    public static Score ratio(String metric, double[] num, double[] den, long seed, boolean perplexity) {
        int n = num.length;
        if (n == 0) return new Score(metric, Double.NaN, Double.NaN, Double.NaN, 0);
        double point = stat(num, den, null, perplexity);
        double[] stats = new double[RESAMPLES];
        var rnd = new SplittableRandom(seed);
        int[] idx = new int[n];
        for (int r = 0; r < RESAMPLES; r++) {
            for (int i = 0; i < n; i++) idx[i] = rnd.nextInt(n);
            stats[r] = stat(num, den, idx, perplexity);
        }
        Arrays.sort(stats);
        return new Score(metric, point, percentile(stats, 2.5), percentile(stats, 97.5), n);
    }

    /** Paired bootstrap of mean(b − a) over the same examples (e.g. optimized vs zero-shot on one test set). */
    public static Score difference(String metric, double[] a, double[] b, long seed) {
        if (a.length != b.length) throw new IllegalArgumentException("paired scores differ in length: " + a.length + " vs " + b.length);
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) d[i] = b[i] - a[i];
        return mean(metric, d, seed);
    }

    private static double stat(double[] num, double[] den, int[] idx, boolean perplexity) {
        double s = 0, t = 0;
        for (int i = 0; i < num.length; i++) {
            int j = idx == null ? i : idx[i];
            s += num[j];
            t += den[j];
        }
        return perplexity ? Math.exp(-s / t) : s / t;
    }

    static double percentile(double[] sorted, double p) {
        double pos = p / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double[] ones(int n) {
        double[] o = new double[n];
        Arrays.fill(o, 1);
        return o;
    }
}
