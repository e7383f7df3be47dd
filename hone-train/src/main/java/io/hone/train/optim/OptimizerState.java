package io.hone.train.optim;

import java.util.Map;

/**
 * What a checkpoint needs to resume AdamW exactly: the number of steps taken and, per parameter name, the first
 * and second moments under {@code <name>.exp_avg} and {@code <name>.exp_avg_sq} (torch's state keys), ready for a
 * safetensors writer.
 */
public record OptimizerState(long step, Map<String, float[]> tensors) {
    public static final String EXP_AVG = ".exp_avg", EXP_AVG_SQ = ".exp_avg_sq";

    public OptimizerState {
        if (step < 0) throw new IllegalArgumentException("step must be >= 0, got " + step);
        tensors = Map.copyOf(tensors);
    }
}
