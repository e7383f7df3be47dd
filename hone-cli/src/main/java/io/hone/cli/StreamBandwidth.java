package io.hone.cli;

import io.hone.core.kernel.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A STREAM-like memory bandwidth probe, run in the same JVM as the benchmark it bounds: "copy" ({@code c[i] = a[i]},
 * STREAM's convention of 8 bytes moved per float: one read, one write) and "read" (a sum, 4 bytes per float: the
 * pattern of a decode step, which only reads weights), over arrays far larger than the last-level cache, split over
 * {@code hone.threads} threads like the kernels. Best of the repetitions, in GB/s (10⁹ bytes).
 */
record StreamBandwidth(double copyGbPerS, double readGbPerS) {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    static StreamBandwidth measure(int floats, int repeats) {
        float[] a = new float[floats], c = new float[floats];
        for (int i = 0; i < floats; i++) a[i] = i & 1023;
        int threads = Parallel.threads();
        double copy = 0, read = 0;
        float[] sink = new float[threads];
        for (int rep = 0; rep < repeats + 1; rep++) { // the first round warms up (JIT, page faults)
            long t0 = System.nanoTime();
            Parallel.forEach(threads, t -> copy(a, c, (int) ((long) floats * t / threads), (int) ((long) floats * (t + 1) / threads)));
            long t1 = System.nanoTime();
            Parallel.forEach(threads, t -> sink[t] += sum(a, (int) ((long) floats * t / threads), (int) ((long) floats * (t + 1) / threads)));
            long t2 = System.nanoTime();
            if (rep == 0) continue;
            copy = Math.max(copy, 8.0 * floats / (t1 - t0));
            read = Math.max(read, 4.0 * floats / (t2 - t1));
        }
        if (sink[0] == -1f || c[floats - 1] == -1f) System.out.print(""); // keeps the work observable
        return new StreamBandwidth(copy, read);
    }

    private static void copy(float[] a, float[] c, int from, int to) {
        int i = from, vec = from + (to - from) / F.length() * F.length();
        for (; i < vec; i += F.length()) FloatVector.fromArray(F, a, i).intoArray(c, i);
        for (; i < to; i++) c[i] = a[i];
    }

    private static float sum(float[] a, int from, int to) {
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
        int i = from, n = F.length(), vec = from + (to - from) / (4 * n) * (4 * n);
        for (; i < vec; i += 4 * n) {
            s0 = s0.add(FloatVector.fromArray(F, a, i));
            s1 = s1.add(FloatVector.fromArray(F, a, i + n));
            s2 = s2.add(FloatVector.fromArray(F, a, i + 2 * n));
            s3 = s3.add(FloatVector.fromArray(F, a, i + 3 * n));
        }
        float s = s0.add(s1).add(s2).add(s3).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        for (; i < to; i++) s += a[i];
        return s;
    }
}
