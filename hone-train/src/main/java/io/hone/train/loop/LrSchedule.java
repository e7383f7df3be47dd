package io.hone.train.loop;

import io.hone.core.HoneException;

/**
 * Learning-rate multipliers of transformers' schedules ({@code get_*_schedule_with_warmup}), for optimizer step
 * {@code s} = 0, 1, ...: linear warm-up s/warmup, then constant 1, linear decay (total − s)/(total − warmup), or
 * half-cosine 0.5·(1 + cos(π·progress)). As in transformers, the first step of a warm-up runs at lr 0.
 */
public record LrSchedule(Kind kind, long warmup, long total) {
    public enum Kind { CONSTANT, LINEAR, COSINE }

    public static Kind kind(String name) {
        return switch (name.toLowerCase()) {
            case "constant" -> Kind.CONSTANT;
            case "linear" -> Kind.LINEAR;
            case "cosine" -> Kind.COSINE;
            default -> throw new HoneException("unknown schedule '" + name + "' (expected constant, linear or cosine)");
        };
    }

    public double factor(long step) {
        if (step < warmup) return (double) step / Math.max(1, warmup);
        return switch (kind) {
            case CONSTANT -> 1.0;
            case LINEAR -> Math.max(0.0, (double) (total - step) / Math.max(1, total - warmup));
            case COSINE -> {
                double progress = (double) (step - warmup) / Math.max(1, total - warmup);
                yield Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * 2 * 0.5 * progress)));
            }
        };
    }
}
