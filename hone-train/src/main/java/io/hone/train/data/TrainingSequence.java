package io.hone.train.data;

import io.hone.core.ops.CrossEntropy;

/**
 * One tokenized training sequence: ids and labels of equal length, label −100 where no loss is taken (prompt tokens,
 * padding, the first token of each example packed into a row).
 */
public record TrainingSequence(int[] ids, long[] labels) {
    public TrainingSequence {
        if (ids.length != labels.length) throw new IllegalArgumentException(ids.length + " ids but " + labels.length + " labels");
    }

    public int length() {
        return ids.length;
    }

    /** Positions that count in the causal-LM loss: a label at t ≥ 1 (position 0 has nothing before it to predict it). */
    public int trainedTokens() {
        int n = 0;
        for (int t = 1; t < labels.length; t++) if (labels[t] != CrossEntropy.IGNORE) n++;
        return n;
    }
}
