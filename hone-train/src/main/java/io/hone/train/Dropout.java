package io.hone.train;

import java.util.SplittableRandom;

/**
 * Inverted dropout with a mask drawn from a seed: keep with probability 1−p and scale kept values by 1/(1−p).
 * The backward redraws the same mask from the same seed instead of storing it.
 */
final class Dropout {
    private Dropout() {}

    /** out = x ⊙ mask / (1−p). */
    static void apply(float[] x, float[] out, int n, double p, long seed) {
        var rnd = new SplittableRandom(seed);
        float keep = (float) (1.0 / (1.0 - p));
        for (int i = 0; i < n; i++) out[i] = rnd.nextDouble() >= p ? x[i] * keep : 0f;
    }

    /** dx += g ⊙ mask / (1−p), the mask redrawn from {@code seed}. */
    static void backwardAdd(float[] g, float[] dx, int n, double p, long seed) {
        var rnd = new SplittableRandom(seed);
        float keep = (float) (1.0 / (1.0 - p));
        for (int i = 0; i < n; i++) if (rnd.nextDouble() >= p) dx[i] += g[i] * keep;
    }
}
