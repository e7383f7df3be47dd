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

    /** transformers' Trainer defaults where it has them: lr 2e-4 (LoRA), 1 epoch, batch 4, linear, clip 1.0, keep 2, seed 42. */
    public static TrainConfig defaults() {
        return new TrainConfig(2e-4, 1, 0, 4, 1, "linear", 0, 1.0, 0, 0, 0, 2, 42);
    }

    /** {@link #defaults()} to change by name: {@code TrainConfig.builder().lr(1e-4).steps(100).build()}. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Named setters over a config; {@link #build()} validates as the record does. */
    public static final class Builder {
        private double lr, warmup, maxGradNorm, weightDecay;
        private int epochs, batchSize, gradAccum, evalEvery, saveEvery, saveLimit;
        private long maxSteps, seed;
        private String schedule;

        private Builder(TrainConfig c) {
            lr = c.lr;
            epochs = c.epochs;
            maxSteps = c.maxSteps;
            batchSize = c.batchSize;
            gradAccum = c.gradAccum;
            schedule = c.schedule;
            warmup = c.warmup;
            maxGradNorm = c.maxGradNorm;
            weightDecay = c.weightDecay;
            evalEvery = c.evalEvery;
            saveEvery = c.saveEvery;
            saveLimit = c.saveLimit;
            seed = c.seed;
        }

        public Builder lr(double v) {
            lr = v;
            return this;
        }

        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        /** Optimizer steps (0: {@link #epochs}). */
        public Builder steps(long v) {
            maxSteps = v;
            return this;
        }

        public Builder batch(int size, int gradAccum) {
            batchSize = size;
            this.gradAccum = gradAccum;
            return this;
        }

        public Builder schedule(String name, double warmup) {
            schedule = name;
            this.warmup = warmup;
            return this;
        }

        public Builder maxGradNorm(double v) {
            maxGradNorm = v;
            return this;
        }

        public Builder weightDecay(double v) {
            weightDecay = v;
            return this;
        }

        public Builder intervals(int evalEvery, int saveEvery, int saveLimit) {
            this.evalEvery = evalEvery;
            this.saveEvery = saveEvery;
            this.saveLimit = saveLimit;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public TrainConfig build() {
            return new TrainConfig(lr, epochs, maxSteps, batchSize, gradAccum, schedule, warmup, maxGradNorm, weightDecay, evalEvery,
                    saveEvery, saveLimit, seed);
        }
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
