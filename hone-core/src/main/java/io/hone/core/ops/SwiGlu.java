package io.hone.core.ops;

import io.hone.core.kernel.Parallel;

/**
 * The Llama MLP gate: h = silu(gate) · up, with silu(x) = x / (1 + e^-x). Element-wise, so splitting the range over
 * threads changes no result.
 */
public final class SwiGlu {
    private SwiGlu() {}

    /** Below this many elements the work stays on the calling thread. */
    private static final int PARALLEL_MIN = 1 << 15;

    public static void forward(float[] gate, float[] up, float[] h, int n) {
        split(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                float g = gate[i];
                h[i] = (float) (g / (1.0 + Math.exp(-g))) * up[i];
            }
        });
    }

    private static void split(int n, Parallel.RangeBody body) {
        if (n < PARALLEL_MIN) body.run(0, n);
        else Parallel.forEach(16, c -> body.run((int) ((long) n * c / 16), (int) ((long) n * (c + 1) / 16)));
    }

    /**
     * Backward of {@link #forward}: writes (does not accumulate) dgate = dh·up·silu'(g) and dup = dh·silu(g),
     * with silu'(g) = σ(g)·(1 + g·(1 − σ(g))). {@code dgate}/{@code dup} may alias {@code gate}/{@code up}.
     */
    public static void backward(float[] gate, float[] up, float[] dh, float[] dgate, float[] dup, int n) {
        split(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                double g = gate[i];
                double sig = 1.0 / (1.0 + Math.exp(-g));
                float u = up[i], d = dh[i];
                dgate[i] = (float) (d * u * sig * (1.0 + g * (1.0 - sig)));
                dup[i] = (float) (d * (g * sig));
            }
        });
    }
}
