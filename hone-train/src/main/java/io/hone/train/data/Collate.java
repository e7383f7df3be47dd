package io.hone.train.data;

import io.hone.core.ops.CrossEntropy;
import io.hone.train.Batch;

import java.util.Arrays;
import java.util.List;

/**
 * Stacks rows into a {@link Batch}, right-padding each to the longest with {@code padId} and label −100. Padding is
 * harmless: attention is causal, so pads after a row's last real token never reach the real positions before them,
 * their labels are ignored by the loss, and a position with no loss sends no gradient back.
 */
public final class Collate {
    private Collate() {}

    public static Batch batch(List<TrainingSequence> rows, int padId) {
        int seq = rows.stream().mapToInt(TrainingSequence::length).max().orElseThrow();
        int[] ids = new int[rows.size() * seq];
        long[] labels = new long[ids.length];
        for (int r = 0; r < rows.size(); r++) {
            TrainingSequence e = rows.get(r);
            int off = r * seq;
            System.arraycopy(e.ids(), 0, ids, off, e.length());
            System.arraycopy(e.labels(), 0, labels, off, e.length());
            Arrays.fill(ids, off + e.length(), off + seq, padId);
            Arrays.fill(labels, off + e.length(), off + seq, CrossEntropy.IGNORE);
        }
        return new Batch(ids, labels, rows.size(), seq);
    }

    /** Real (non-pad) tokens of the rows. */
    public static long tokens(List<TrainingSequence> rows) {
        long n = 0;
        for (TrainingSequence e : rows) n += e.length();
        return n;
    }
}
