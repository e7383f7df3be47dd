package io.hone.core.ops;

/** The Llama MLP gate: h = silu(gate) · up, with silu(x) = x / (1 + e^-x). */
public final class SwiGlu {
    private SwiGlu() {}

    public static void forward(float[] gate, float[] up, float[] h, int n) {
        for (int i = 0; i < n; i++) {
            float g = gate[i];
            h[i] = (float) (g / (1.0 + Math.exp(-g))) * up[i];
        }
    }

    /**
     * Backward of {@link #forward}: writes (does not accumulate) dgate = dh·up·silu'(g) and dup = dh·silu(g),
     * with silu'(g) = σ(g)·(1 + g·(1 − σ(g))). {@code dgate}/{@code dup} may alias {@code gate}/{@code up}.
     */
    public static void backward(float[] gate, float[] up, float[] dh, float[] dgate, float[] dup, int n) {
        for (int i = 0; i < n; i++) {
            double g = gate[i];
            double sig = 1.0 / (1.0 + Math.exp(-g));
            float u = up[i], d = dh[i];
            dgate[i] = (float) (d * u * sig * (1.0 + g * (1.0 - sig)));
            dup[i] = (float) (d * (g * sig));
        }
    }
}
