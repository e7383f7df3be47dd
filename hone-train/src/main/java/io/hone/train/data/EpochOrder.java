package io.hone.train.data;

import java.util.SplittableRandom;

/**
 * The order rows are visited in each epoch: a Fisher–Yates shuffle seeded by (seed, epoch), so any position of any
 * epoch can be recomputed on resume from the seed alone.
 */
public final class EpochOrder {
    private EpochOrder() {}

    public static int[] of(int rows, long seed, long epoch) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) order[i] = i;
        var rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        for (int i = rows - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
