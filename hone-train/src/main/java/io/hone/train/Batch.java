package io.hone.train;

import io.hone.core.HoneException;
import io.hone.core.io.SafetensorsFile;

import java.nio.file.Path;

/**
 * A causal-LM batch of {@code batch} rows of equal length {@code seq}, row-major. Labels follow transformers: the
 * label at t is the token expected at t (the loss shifts them), −100 where no loss is taken.
 */
public record Batch(int[] inputIds, long[] labels, int batch, int seq) {
    public Batch {
        if (batch <= 0 || seq <= 0) throw new IllegalArgumentException("empty batch " + batch + "x" + seq);
        if (inputIds.length != batch * seq || labels.length != batch * seq) {
            throw new IllegalArgumentException("batch " + batch + "x" + seq + " but " + inputIds.length + " ids / " + labels.length + " labels");
        }
    }

    public int tokens() {
        return batch * seq;
    }

    /** Reads {@code input_ids} [batch, seq] and {@code labels} (defaults to the ids) from a safetensors file. */
    public static Batch load(Path file) {
        try (var f = SafetensorsFile.open(file)) {
            long[] shape = f.shape("input_ids");
            if (shape.length != 2) throw new HoneException(file + ": input_ids must be [batch, seq], got " + java.util.Arrays.toString(shape));
            long[] ids = f.longs("input_ids");
            long[] labels = f.has("labels") ? f.longs("labels") : ids.clone();
            int[] asInt = new int[ids.length];
            for (int i = 0; i < ids.length; i++) asInt[i] = Math.toIntExact(ids[i]);
            return new Batch(asInt, labels, (int) shape[0], (int) shape[1]);
        }
    }
}
