package io.hone.train.data;

import io.hone.core.ops.CrossEntropy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Packs examples, in order, into rows of at most {@code rowLength} tokens (an example is never split: the next one
 * starts a new row when it does not fit). The label of each example's first token is set to −100, so no loss is taken on
 * predicting one example from the end of the one before it. Attention is not reset at example boundaries (the model
 * runs one causal sequence per row), so later examples in a row see earlier ones, as with TRL's default packing.
 */
public final class Packing {
    private Packing() {}

    public static List<TrainingSequence> pack(List<TrainingSequence> examples, int rowLength) {
        var rows = new ArrayList<TrainingSequence>();
        int[] ids = new int[rowLength];
        long[] labels = new long[rowLength];
        int used = 0;
        for (TrainingSequence e : examples) {
            if (used > 0 && used + e.length() > rowLength) {
                rows.add(new TrainingSequence(Arrays.copyOf(ids, used), Arrays.copyOf(labels, used)));
                used = 0;
            }
            System.arraycopy(e.ids(), 0, ids, used, e.length());
            System.arraycopy(e.labels(), 0, labels, used, e.length());
            labels[used] = CrossEntropy.IGNORE;
            used += e.length();
        }
        if (used > 0) rows.add(new TrainingSequence(Arrays.copyOf(ids, used), Arrays.copyOf(labels, used)));
        return rows;
    }
}
