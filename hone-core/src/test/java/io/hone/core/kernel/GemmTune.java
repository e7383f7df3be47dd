package io.hone.core.kernel;

import java.util.Arrays;
import java.util.Random;

/**
 * Tuning harness (not a test): alternates knob settings of GemmBlocked in one JVM, shape by shape.
 * args: layout MxKxN "kc=256,nc=512,packa=1,grid=1x8,snt=32,snn=24,kernel=6x2;..." rounds
 */
public final class GemmTune {
    public static void main(String[] args) {
        String layout = args[0];
        String[] sh = args[1].split("x");
        int m = Integer.parseInt(sh[0]), k = Integer.parseInt(sh[1]), n = Integer.parseInt(sh[2]);
        String[] variants = args[2].split(";");
        int rounds = Integer.parseInt(args[3]);
        Random r = new Random(1);
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian();
        for (int i = 0; i < b.length; i++) b[i] = (float) r.nextGaussian();
        double[][] t = new double[variants.length][rounds * 5];
        for (int round = -2; round < rounds; round++) {
            for (int v = 0; v < variants.length; v++) {
                GemmBlocked.KC = 384;
                GemmBlocked.NC = 512;
                GemmBlocked.KERNEL = GemmKernelChoice.CHOSEN;
                GemmBlocked.PACK_A = 1;
                GemmBlocked.FORCE_GRID = 0;
                Gemm.smallNt = 40;
                Gemm.smallNn = 24;
                for (String kv : variants[v].split(",")) {
                    if (kv.isBlank()) continue;
                    String key = kv.split("=")[0], val = kv.split("=")[1];
                    switch (key) {
                        case "kc" -> GemmBlocked.KC = Integer.parseInt(val);
                        case "nc" -> GemmBlocked.NC = Integer.parseInt(val);
                        case "kernel" -> GemmBlocked.KERNEL = GemmKernelChoice.byId(val);
                        case "packa" -> GemmBlocked.PACK_A = Integer.parseInt(val);
                        case "grid" -> GemmBlocked.FORCE_GRID = ((long) Integer.parseInt(val.split("x")[0]) << 32) | Integer.parseInt(val.split("x")[1]);
                        case "snt" -> Gemm.smallNt = Integer.parseInt(val);
                        case "snn" -> Gemm.smallNn = Integer.parseInt(val);
                        default -> throw new IllegalArgumentException(key);
                    }
                }
                for (int it = 0; it < 5; it++) {
                    long t0 = System.nanoTime();
                    switch (layout) {
                        case "nt" -> Gemm.nt(m, n, k, a, 0, b, 0, c, 0, false);
                        case "nn" -> Gemm.nn(m, n, k, a, 0, b, 0, c, 0, false);
                        default -> Gemm.tn(m, n, k, a, 0, b, 0, c, 0, false);
                    }
                    if (round >= 0) t[v][round * 5 + it] = System.nanoTime() - t0;
                }
            }
        }
        for (int v = 0; v < variants.length; v++) {
            double[] s = t[v].clone();
            Arrays.sort(s);
            System.out.printf("%s %s %-16s median %.1f GF/s  best %.1f%n", layout, args[1], variants[v],
                    2.0 * m * n * k / s[s.length / 2], 2.0 * m * n * k / s[0]);
        }
    }
}
