package io.hone.train.data;

import io.hone.core.HoneException;

import java.util.ArrayList;
import java.util.List;

/** A seeded split of the records into train and validation, taken before tokenization. */
public record DataSplit<T>(List<T> train, List<T> validation) {
    /**
     * Validation from {@code valFile} (read with {@code read}) or, without one, a seeded {@code fraction} of the records;
     * not both.
     */
    public static <T> DataSplit<T> of(List<T> records, java.nio.file.Path valFile, java.util.function.Function<java.nio.file.Path, List<T>> read,
                                      double fraction, long seed) {
        if (valFile == null) return of(records, fraction, seed);
        if (fraction > 0) throw new HoneException("give either a validation file or a validation split, not both");
        return new DataSplit<>(records, read.apply(valFile));
    }

    /** {@code fraction} of the records (rounded, at least one) go to validation, chosen by a shuffle seeded with {@code seed}. */
    public static <T> DataSplit<T> of(List<T> samples, double fraction, long seed) {
        if (fraction < 0 || fraction >= 1) throw new HoneException("validation split must be in [0, 1), got " + fraction);
        if (fraction == 0) return new DataSplit<>(samples, List.of());
        int n = samples.size();
        int val = Math.max(1, (int) Math.round(n * fraction));
        if (val >= n) throw new HoneException("validation split " + fraction + " of " + n + " records leaves nothing to train on");
        int[] order = EpochOrder.of(n, seed, -1);
        var train = new ArrayList<T>(n - val);
        var validation = new ArrayList<T>(val);
        boolean[] isVal = new boolean[n];
        for (int i = 0; i < val; i++) isVal[order[i]] = true;
        for (int i = 0; i < n; i++) (isVal[i] ? validation : train).add(samples.get(i));
        return new DataSplit<>(train, validation);
    }
}
