package io.hone.train.loop;

import io.hone.core.HoneException;
import io.hone.train.optim.LrSchedule;

import java.util.List;

/**
 * The trainer's knobs.
 *
 * @param epochs      passes over the training rows; used when {@code maxSteps} is 0
 * @param maxSteps    optimizer steps to take (overrides epochs when > 0)
 * @param batchSize   rows per micro-batch (one forward/backward)
 * @param gradAccum   micro-batches per optimizer step; their mean loss/gradient is used
 * @param schedule    constant, linear or cosine (transformers' schedules, each after {@code warmup})
 * @param warmup      warm-up optimizer steps, or a fraction of all steps when in (0, 1)
 * @param maxGradNorm clip to this global gradient norm; 0 = off
 * @param evalEvery   validation loss every this many steps (and at start and end); 0 = only at start and end
 * @param saveEvery   checkpoint every this many steps (and at the end); 0 = only at the end
 * @param saveLimit   keep the newest this many checkpoints; 0 = keep all
 * @param seed        data order (per-epoch shuffles) and dropout masks
 */
public record TrainConfig(double lr, int epochs, long maxSteps, int batchSize, int gradAccum, String schedule,
                          double warmup, double maxGradNorm, double weightDecay, int evalEvery, int saveEvery, int saveLimit,
                          long seed) {
    public TrainConfig {
        if (!(lr > 0)) throw new HoneException("learning rate must be positive, got " + lr);
        if (epochs <= 0 && maxSteps <= 0) throw new HoneException("give a positive number of epochs or steps");
        if (batchSize <= 0) throw new HoneException("batch size must be positive, got " + batchSize);
        if (gradAccum <= 0) throw new HoneException("gradient accumulation must be positive, got " + gradAccum);
        if (warmup < 0 || maxGradNorm < 0 || weightDecay < 0 || evalEvery < 0 || saveEvery < 0 || saveLimit < 0) {
            throw new HoneException("warmup, max grad norm, weight decay, eval/save intervals and save limit cannot be negative");
        }
        if (!List.of("constant", "linear", "cosine").contains(schedule)) {
            throw new HoneException("unknown schedule '" + schedule + "' (expected constant, linear or cosine)");
        }
    }

    public static TrainConfig defaults() {
        return new TrainConfig(2e-4, 1, 0, 4, 1, "linear", 0, 1.0, 0, 0, 0, 2, 42);
    }

    public TrainConfig withSteps(long steps) {
        return new TrainConfig(lr, epochs, steps, batchSize, gradAccum, schedule, warmup, maxGradNorm, weightDecay, evalEvery, saveEvery, saveLimit, seed);
    }

    public TrainConfig withLr(double lr) {
        return new TrainConfig(lr, epochs, maxSteps, batchSize, gradAccum, schedule, warmup, maxGradNorm, weightDecay, evalEvery, saveEvery, saveLimit, seed);
    }

    public TrainConfig withBatch(int batchSize, int gradAccum) {
        return new TrainConfig(lr, epochs, maxSteps, batchSize, gradAccum, schedule, warmup, maxGradNorm, weightDecay, evalEvery, saveEvery, saveLimit, seed);
    }

    public TrainConfig withIntervals(int evalEvery, int saveEvery, int saveLimit) {
        return new TrainConfig(lr, epochs, maxSteps, batchSize, gradAccum, schedule, warmup, maxGradNorm, weightDecay, evalEvery, saveEvery, saveLimit, seed);
    }

    public TrainConfig withSchedule(String schedule, double warmup) {
        return new TrainConfig(lr, epochs, maxSteps, batchSize, gradAccum, schedule, warmup, maxGradNorm, weightDecay, evalEvery, saveEvery, saveLimit, seed);
    }

    /** Micro-batches in one epoch of {@code rows} rows (the last may be smaller). */
    public long microBatchesPerEpoch(int rows) {
        return (rows + batchSize - 1) / batchSize;
    }

    /** Optimizer steps in one epoch (the last step of an epoch may accumulate fewer micro-batches). */
    public long stepsPerEpoch(int rows) {
        return (microBatchesPerEpoch(rows) + gradAccum - 1) / gradAccum;
    }

    public long totalSteps(int rows) {
        return maxSteps > 0 ? maxSteps : epochs * stepsPerEpoch(rows);
    }

    public long warmupSteps(int rows) {
        return warmup > 0 && warmup < 1 ? (long) Math.ceil(warmup * totalSteps(rows)) : (long) warmup;
    }

    /** The learning-rate multiplier per optimizer step for a run over {@code rows} rows (warm-up, then the schedule). */
    public LrSchedule lrSchedule(int rows) {
        long w = warmupSteps(rows), total = totalSteps(rows);
        return switch (schedule) {
            case "constant" -> LrSchedule.constant(w);
            case "linear" -> LrSchedule.linear(w, total);
            default -> LrSchedule.cosine(w, total);
        };
    }
}
