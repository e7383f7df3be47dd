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
}
