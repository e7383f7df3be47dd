package io.hone.cli;

import io.hone.core.kernel.Gemm;
import io.hone.core.kernel.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

@Command(name = "matmul", mixinStandardHelpOptions = true,
        description = {"FP32 GEMM GFLOP/s (2·M·N·K / median time) of hone's Gemm, alternating with PyTorch on the same shapes.",
                "ratio = hone/torch speed, the median over rounds of back-to-back measurements.",
                "cpu ratio = the same per second of CPU time the process used (all its threads): on a machine shared with other",
                "work, where hone and torch may get different shares of the cores, it compares the work done per cycle.",
                "Shapes are MxKxN: M rows of A and C, K the inner (summed) dimension, N columns of C.",
                "Layouts: nt = A[M,K]·B[N,K]^T, nn = A[M,K]·B[K,N], tn = A[K,M]^T·B[K,N]."})
final class MatmulBench implements Callable<Integer> {
    @Option(names = "--shapes", split = ",", description = "MxKxN list (default: ${DEFAULT-VALUE})",
            defaultValue = "1024x576x1536,1024x1536x576,2048x2048x2048")
    List<String> shapes;

    @Option(names = "--layout", description = "nt, nn, tn or all (default: ${DEFAULT-VALUE})", defaultValue = "all")
    String layout;

    @Option(names = "--warmup", description = "untimed calls per round, and at least 0.4 s for hone (default: ${DEFAULT-VALUE})", defaultValue = "5")
    int warmup;

    @Option(names = "--iters", description = "timed calls per round (default: ${DEFAULT-VALUE})", defaultValue = "10")
    int iters;

    @Option(names = "--rounds", description = "hone/torch alternations per shape (default: ${DEFAULT-VALUE})", defaultValue = "3")
    int rounds;

    @Option(names = "--anchor", description = "auto (PyTorch when available) or none (default: ${DEFAULT-VALUE})", defaultValue = "auto")
    String anchor;

    record Shape(int m, int k, int n) {
        static Shape parse(String s) {
            String[] p = s.trim().toLowerCase(Locale.ROOT).split("x");
            if (p.length != 3) throw new IllegalArgumentException("shape '" + s + "' is not MxKxN, e.g. 1024x576x1536");
            try {
                Shape shape = new Shape(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
                if (shape.m < 1 || shape.k < 1 || shape.n < 1) throw new NumberFormatException();
                return shape;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("shape '" + s + "' needs three positive integers MxKxN");
            }
        }

        @Override
        public String toString() {
            return m + "x" + k + "x" + n;
        }
    }

    @Override
    public Integer call() throws Exception {
        List<Shape> list = new ArrayList<>();
        for (String s : shapes) list.add(Shape.parse(s));
        List<String> layouts = switch (layout) {
            case "all" -> List.of("nt", "nn", "tn");
            case "nt", "nn", "tn" -> List.of(layout);
            default -> throw new IllegalArgumentException("--layout must be nt, nn, tn or all, not '" + layout + "'");
        };
        if (!anchor.equals("auto") && !anchor.equals("none"))
            throw new IllegalArgumentException("--anchor must be auto or none, not '" + anchor + "'");
        int threads = Parallel.threads();
        TorchAnchor torch = anchor.equals("auto") ? TorchAnchor.start(threads) : null;
        System.out.printf(Locale.ROOT, "threads %d, %d rounds x %d iters (after %d warm-up calls), torch %s%n",
                threads, rounds, iters, warmup, torch == null ? "off" : torch.version);
        String core = torch == null ? null : torch.openBlasCore;
        System.out.println(BenchIsa.hone() + (torch == null ? "" : "; " + BenchIsa.openBlas(core)));
        String note = BenchIsa.mismatch(core);
        if (note != null) System.out.println(note);
        // Let C2 compile every kernel (big, few-rows and edge paths) before anything is timed.
        for (String l : layouts) {
            for (Shape w : List.of(new Shape(300, 300, 300), new Shape(1, 300, 300), new Shape(13, 1100, 200))) {
                new Runner(w, l).time(0, 1);
            }
        }
        List<String> json = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%-18s %-6s %12s %12s %7s %9s%n", "shape MxKxN", "layout", "hone GF/s", "torch GF/s", "ratio", "cpu ratio");
        try {
            for (Shape s : list) {
                for (String l : layouts) {
                    double flops = 2.0 * s.m * s.n * s.k;
                    double[] h = new double[0], t = new double[0], ratios = new double[rounds], cpuRatios = new double[rounds];
                    Runner hone = new Runner(s, l);
                    for (int r = 0; r < rounds; r++) {
                        double[] hr = hone.time(warmup, iters);
                        h = concat(h, hr);
                        if (torch != null) {
                            double[] tr = torch.time(s.m, s.k, s.n, l, warmup, iters);
                            t = concat(t, tr);
                            ratios[r] = median(tr) / median(hr);
                            cpuRatios[r] = torch.lastCpu / hone.lastCpu;
                        }
                    }
                    // Other load on the machine comes and goes: the ratio is the median of per-round ratios
                    // (hone and torch measured back to back), not the ratio of the overall medians.
                    double hg = flops / median(h) / 1e9;
                    double tg = torch == null ? Double.NaN : flops / median(t) / 1e9;
                    double ratio = torch == null ? Double.NaN : median(ratios);
                    double cpuRatio = torch == null ? Double.NaN : median(cpuRatios);
                    System.out.printf(Locale.ROOT, "%-18s %-6s %12.1f %12s %7s %9s%n", s, l, hg,
                            torch == null ? "-" : String.format(Locale.ROOT, "%.1f", tg),
                            torch == null ? "-" : String.format(Locale.ROOT, "%.2f", ratio),
                            torch == null ? "-" : String.format(Locale.ROOT, "%.2f", cpuRatio));
                    json.add(String.format(Locale.ROOT,
                            "{\"shape\":\"%s\",\"m\":%d,\"k\":%d,\"n\":%d,\"layout\":\"%s\",\"threads\":%d,\"hone_gflops\":%.2f,\"torch_gflops\":%s,\"ratio\":%s,\"cpu_ratio\":%s,%s}",
                            s, s.m, s.k, s.n, l, threads, hg, torch == null ? "null" : String.format(Locale.ROOT, "%.2f", tg),
                            torch == null ? "null" : String.format(Locale.ROOT, "%.4f", ratio),
                            torch == null ? "null" : String.format(Locale.ROOT, "%.4f", cpuRatio), BenchIsa.json(core)));
                }
            }
        } finally {
            if (torch != null) torch.close();
        }
        json.forEach(System.out::println);
        return 0;
    }

    /** One shape/layout's operands, filled once, timed call by call. */
    private static final class Runner {
        final Shape s;
        final String layout;
        final float[] a, b, c;
        /** CPU seconds of this process (all threads) over the last timed calls. */
        double lastCpu;

        Runner(Shape s, String layout) {
            this.s = s;
            this.layout = layout;
            Random r = new Random(0);
            a = fill(r, s.m * s.k);
            b = fill(r, s.k * s.n);
            c = new float[s.m * s.n];
        }

        double[] time(int warmup, int iters) {
            // The Vector API is very slow until C2 compiles the kernel, so warm up for a minimum time too.
            long until = System.nanoTime() + 400_000_000L;
            for (int i = 0; i < warmup || System.nanoTime() < until; i++) call();
            double[] t = new double[iters];
            long cpu0 = processCpuNanos();
            for (int i = 0; i < iters; i++) {
                long t0 = System.nanoTime();
                call();
                t[i] = (System.nanoTime() - t0) / 1e9;
            }
            lastCpu = (processCpuNanos() - cpu0) / 1e9;
            return t;
        }

        void call() {
            switch (layout) {
                case "nt" -> Gemm.nt(s.m, s.n, s.k, a, 0, b, 0, c, 0, false);
                case "nn" -> Gemm.nn(s.m, s.n, s.k, a, 0, b, 0, c, 0, false);
                default -> Gemm.tn(s.m, s.n, s.k, a, 0, b, 0, c, 0, false);
            }
        }

        private static float[] fill(Random r, int n) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
            return x;
        }
    }

    private static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean hs ? hs.getProcessCpuTime() : 0;
    }

    private static double[] concat(double[] x, double[] y) {
        double[] z = Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, z, x.length, y.length);
        return z;
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
