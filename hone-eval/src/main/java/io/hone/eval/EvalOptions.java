package io.hone.eval;

import io.hone.core.generate.SamplingConfig;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Generation settings (the prompt program's stop strings are added to them), the bootstrap seed, where the
 * progress bar goes (null = nowhere) and where per-example JSONL goes (null = not written).
 */
public record EvalOptions(SamplingConfig sampling, long seed, PrintStream progress, Path out) {
    public static EvalOptions defaults() {
        return new EvalOptions(SamplingConfig.greedy(64), 0, null, null);
    }

    public EvalOptions withProgress(PrintStream p) {
        return new EvalOptions(sampling, seed, p, out);
    }

    public EvalOptions withOut(Path o) {
        return new EvalOptions(sampling, seed, progress, o);
    }

    public EvalOptions withSampling(SamplingConfig s) {
        return new EvalOptions(s, seed, progress, out);
    }
}
