package io.hone.core.ops;

import io.hone.core.kernel.Parallel;
import io.hone.core.kernel.VectorOps;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Llama MLP gate: h = silu(gate) · up, with silu(x) = x / (1 + e^-x). Vectorised in FP32 with
 * {@link VectorOps#exp} (the same bits as {@link VectorOps#siluMul}); element-wise, so splitting the range over
 * threads changes no result.
 */
public final class SwiGlu {
    private SwiGlu() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Below this many elements the work stays on the calling thread. */
    private static final int PARALLEL_MIN = 1 << 15;

    public static void forward(float[] gate, float[] up, float[] h, int n) {
        split(n, (from, to) -> VectorOps.siluMul(h, from, gate, from, up, from, to - from));
    }

    /**
     * Backward of {@link #forward}: writes (does not accumulate) dgate = dh·up·silu'(g) and dup = dh·silu(g),
     * with σ = 1/(1 + e^-g), silu(g) = g·σ, silu'(g) = σ·(1 + g·(1 − σ)). {@code dgate}/{@code dup} may alias
     * {@code gate}/{@code up}.
     */
    public static void backward(float[] gate, float[] up, float[] dh, float[] dgate, float[] dup, int n) {
        split(n, (from, to) -> {
            int i = from;
            for (; i <= to - L; i += L) {
                FloatVector g = FloatVector.fromArray(S, gate, i), u = FloatVector.fromArray(S, up, i), d = FloatVector.fromArray(S, dh, i);
                FloatVector sig = FloatVector.broadcast(S, 1f).div(VectorOps.exp(g.neg()).add(1f));
                FloatVector du = d.mul(g.mul(sig));
                d.mul(u).mul(sig).mul(g.mul(sig.neg().add(1f)).add(1f)).intoArray(dgate, i);
                du.intoArray(dup, i);
            }
            for (; i < to; i++) {
                float g = gate[i], sig = 1f / (1f + VectorOps.exp(-g)), u = up[i], d = dh[i];
                float du = d * (g * sig);
                dgate[i] = d * u * sig * (1f + g * (1f - sig));
                dup[i] = du;
            }
        });
    }

    private static void split(int n, Parallel.RangeBody body) {
        if (n < PARALLEL_MIN) body.run(0, n);
        else Parallel.forEach(16, c -> body.run((int) ((long) n * c / 16), (int) ((long) n * (c + 1) / 16)));
    }
}
