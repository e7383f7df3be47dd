package io.hone.core.quant;

import io.hone.core.kernel.Gemm;
import io.hone.core.ops.DenseLinear;
import io.hone.core.ops.Linear;

import java.util.SplittableRandom;

/**
 * Tuning harness (not a test): one-row forward (Gemm.ROWS = FEW, as decode) of FP32, BF16 and INT8 layers of one shape,
 * alternating in one JVM; prints the weight GB/s each reaches. Args: out in [rounds].
 */
public final class InferenceFormatBench {
    public static void main(String[] args) {
        int out = Integer.parseInt(args[0]), in = Integer.parseInt(args[1]), rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        SplittableRandom rnd = new SplittableRandom(1);
        float[] w = LinearChecks.gaussian(rnd, out * in, 0.05), x = LinearChecks.gaussian(rnd, in, 1);
        Linear[] layers = {new DenseLinear(w, null, out, in), Bf16Linear.round(w, null, out, in), Int8Linear.quantize(w, null, out, in, 32)};
        long[] bytes = {4L * out * in, 2L * out * in, Int8Linear.quantize(w, null, out, in, 32).weight().bytes()};
        String[] names = {"f32", "bf16", "int8"};
        double[] best = {1e300, 1e300, 1e300};
        float[] y = new float[out];
        int iters = (int) Math.max(5, 2e9 / bytes[0]);
        for (int r = 0; r < rounds; r++) {
            for (int l = 0; l < layers.length; l++) {
                Linear layer = layers[l];
                long t0 = System.nanoTime();
                ScopedValue.where(Gemm.ROWS, Gemm.Rows.FEW).run(() -> {
                    for (int i = 0; i < iters; i++) layer.forward(x, 1, y);
                });
                best[l] = Math.min(best[l], (System.nanoTime() - t0) / 1e9 / iters);
            }
        }
        for (int l = 0; l < layers.length; l++) {
            System.out.printf("%dx%d %-5s %8.1f us  %6.1f GB/s  %.2fx f32%n", out, in, names[l], best[l] * 1e6, bytes[l] / best[l] / 1e9, best[0] / best[l]);
        }
    }
}
