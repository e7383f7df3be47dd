package io.hone.train.optim;

/**
 * Learning-rate multiplier as a function of the optimizer step about to be taken (0 for the first step), identical to
 * transformers' {@code get_*_schedule_with_warmup} lambdas under {@code LambdaLR}. With warmup the first step runs at
 * factor 0, as in transformers.
 */
@FunctionalInterface
public interface LrSchedule {
    double factor(long step);

    /** {@code get_constant_schedule_with_warmup}: step/warmup, then 1. */
    static LrSchedule constant(long warmup) {
        check(warmup, Long.MAX_VALUE);
        return step -> step < warmup ? (double) step / Math.max(1, warmup) : 1.0;
    }

    /** {@code get_linear_schedule_with_warmup}: warmup, then linear decay to 0 at {@code total}. */
    static LrSchedule linear(long warmup, long total) {
        check(warmup, total);
        return step -> step < warmup ? (double) step / Math.max(1, warmup)
                : Math.max(0.0, (double) (total - step) / Math.max(1, total - warmup));
    }

    /** {@code get_cosine_schedule_with_warmup} with num_cycles 0.5: warmup, then half a cosine down to 0 at {@code total}. */
    static LrSchedule cosine(long warmup, long total) {
        check(warmup, total);
        return step -> {
            if (step < warmup) return (double) step / Math.max(1, warmup);
            double progress = (double) (step - warmup) / Math.max(1, total - warmup);
            return Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * 0.5 * 2.0 * progress)));
        };
    }

    /** By transformers' {@code SchedulerType} name: constant, constant_with_warmup, linear, cosine. */
    static LrSchedule named(String name, long warmup, long total) {
        return switch (name) {
            case "constant" -> constant(0);
            case "constant_with_warmup" -> constant(warmup);
            case "linear" -> linear(warmup, total);
            case "cosine" -> cosine(warmup, total);
            default -> throw new IllegalArgumentException("unknown lr scheduler '" + name + "' (constant, constant_with_warmup, linear, cosine)");
        };
    }

    private static void check(long warmup, long total) {
        if (warmup < 0) throw new IllegalArgumentException("warmup steps must be >= 0, got " + warmup);
        if (total < 0) throw new IllegalArgumentException("total steps must be >= 0, got " + total);
    }
}
