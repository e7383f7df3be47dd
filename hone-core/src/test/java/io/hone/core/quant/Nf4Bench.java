package io.hone.core.quant;

import io.hone.core.ops.DenseLinear;

import java.util.SplittableRandom;

/**
 * Side-by-side timing (not a test): FP32 DenseLinear (Gemm.nt / Gemm.nn) against Nf4Linear on the same shapes,
 * alternating in one JVM. Args: shapes "MxKxN,..." (M rows, K = in, N = out), rounds.
 * java --add-modules jdk.incubator.vector -cp hone-core/target/classes:hone-core/target/test-classes io.hone.core.quant.Nf4Bench
 */
public final class Nf4Bench {
    public static void main(String[] args) {
        String shapes = args.length > 0 ? args[0] : "1024x576x1536,1024x1536x576,1x576x1536,1x2048x8192,4x2048x2048";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        SplittableRandom rnd = new SplittableRandom(1);
        for (String s : shapes.split(",")) {
            String[] p = s.split("x");
            int m = Integer.parseInt(p[0]), k = Integer.parseInt(p[1]), n = Integer.parseInt(p[2]);
            float[] w = new float[n * k], x = new float[m * k], y = new float[m * n], dy = new float[m * n], dx = new float[m * k];
            for (int i = 0; i < w.length; i++) w[i] = (float) rnd.nextGaussian() * 0.02f;
            for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
            for (int i = 0; i < dy.length; i++) dy[i] = (float) rnd.nextGaussian();
            DenseLinear dense = new DenseLinear(w, null, n, k);
            Nf4Linear nf4 = Nf4Linear.quantize(w, null, n, k, QuantConfig.QLORA);
            double flops = 2.0 * m * n * k;
            long budget = 300_000_000L;
            for (int r = 0; r < rounds; r++) {
                double fd = gflops(flops, budget, () -> dense.forward(x, m, y));
                double fq = gflops(flops, budget, () -> nf4.forward(x, m, y));
                double bd = m == 1 ? 0 : gflops(flops, budget, () -> dense.backwardInput(dy, m, dx));
                double bq = m == 1 ? 0 : gflops(flops, budget, () -> nf4.backwardInput(dy, m, dx));
                System.out.printf("%-16s forward fp32 %7.1f nf4 %7.1f GFLOP/s (%.2f)   backwardInput fp32 %7.1f nf4 %7.1f (%.2f)%n",
                        s, fd, fq, fq / fd, bd, bq, bd == 0 ? 0 : bq / bd);
            }
        }
    }

    private static double gflops(double flops, long budgetNs, Runnable r) {
        r.run();
        long t0 = System.nanoTime(), n = 0;
        do {
            r.run();
            n++;
        } while (System.nanoTime() - t0 < budgetNs);
        return flops * n / (System.nanoTime() - t0);
    }
}
