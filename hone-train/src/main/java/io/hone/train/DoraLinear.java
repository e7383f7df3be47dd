package io.hone.train;

import io.hone.core.kernel.Gemm;
import io.hone.core.ops.DenseLinear;

import java.util.List;

/**
 * DoRA (Liu et al. 2024; PEFT {@code lora/dora.py}). With c = m / ‖W + s·BA‖ (row norms, one per output), PEFT adds
 * {@code (c − 1)·(xd·Wᵀ) + c·s·B(A(xd))} to the base output, so with base bias b:
 * y = W·x + b + (c − 1)·W·xd + c·s·B·A·xd, xd = dropout(x). The bias is not rescaled. The norm is detached (a
 * constant in backward, DoRA §4.3), so m, A and B get gradients only through c and the low-rank path.
 */
public final class DoraLinear implements TrainableLinear {
    private final DenseLinear base;
    private final LowRank lr;
    private final Param magnitude;

    /** c = m/n [out], 1/n [out], and z + lora [rows, out] (what dm needs), z = xd·Wᵀ without bias. */
    private record State(float[] xd, float[] u, float[] c, float[] invNorm, float[] zl, long seed) implements Saved {}

    /**
     * @param prefix    the PEFT module key, e.g. {@code base_model.model.model.layers.0.self_attn.q_proj}
     * @param magnitude m [out]; null initialises it to ‖W + s·BA‖ as PEFT does
     */
    public DoraLinear(String prefix, DenseLinear base, float[] a, float[] b, float[] magnitude, int r, float scale, double dropout) {
        this.base = base;
        this.lr = new LowRank(Param.of(prefix + ".lora_A.weight", a, r, base.inFeatures()),
                Param.of(prefix + ".lora_B.weight", b, base.outFeatures(), r), scale, dropout);
        this.magnitude = Param.of(prefix + ".lora_magnitude_vector", magnitude != null ? magnitude : weightNorm(), base.outFeatures());
    }

    public DenseLinear base() {
        return base;
    }

    public Param a() {
        return lr.a;
    }

    public Param b() {
        return lr.b;
    }

    public Param magnitude() {
        return magnitude;
    }

    public float scale() {
        return lr.scale;
    }

    /** ‖W + s·B·A‖ per output row, from the current A and B. */
    public float[] weightNorm() {
        int out = lr.out, in = lr.in;
        float[] ba = new float[out * in];
        Gemm.nn(out, in, lr.r, lr.b.value(), 0, lr.a.value(), 0, ba, 0, false);
        float[] w = base.weight(), n = new float[out];
        for (int o = 0; o < out; o++) {
            double ss = 0;
            for (int i = 0; i < in; i++) {
                float v = w[o * in + i] + lr.scale * ba[o * in + i];
                ss += (double) v * v;
            }
            n[o] = (float) Math.sqrt(ss);
        }
        return n;
    }

    @Override
    public int inFeatures() {
        return lr.in;
    }

    @Override
    public int outFeatures() {
        return lr.out;
    }

    @Override
    public void forward(float[] x, int rows, float[] y) {
        forwardTrain(x, rows, y, 0L, false);
    }

    @Override
    public void backwardInput(float[] dy, int rows, float[] dx) {
        throw new UnsupportedOperationException("DoraLinear needs its saved state: call backward(saved, ...)");
    }

    @Override
    public Saved forwardTrain(float[] x, int rows, float[] y, long noiseSeed) {
        return forwardTrain(x, rows, y, noiseSeed, true);
    }

    private State forwardTrain(float[] x, int rows, float[] y, long noiseSeed, boolean train) {
        int out = lr.out, in = lr.in;
        base.forward(x, rows, y);
        float[] xd = train ? lr.dropped(x, rows, noiseSeed) : x;
        float[] z = new float[rows * out];
        if (xd == x) {
            System.arraycopy(y, 0, z, 0, z.length);
            float[] bias = base.bias();
            if (bias != null) for (int t = 0; t < rows; t++) for (int o = 0; o < out; o++) z[t * out + o] -= bias[o];
        } else {
            Gemm.nt(rows, out, in, xd, 0, base.weight(), 0, z, 0, false);
        }
        float[] u = lr.down(xd, rows);
        float[] lora = new float[rows * out];
        lr.up(u, rows, lora, false);
        float[] norm = weightNorm(), c = new float[out], invNorm = new float[out];
        float[] m = magnitude.value();
        for (int o = 0; o < out; o++) {
            c[o] = m[o] / norm[o];
            invNorm[o] = 1f / norm[o];
        }
        for (int t = 0; t < rows; t++) {
            for (int o = 0; o < out; o++) {
                int i = t * out + o;
                y[i] += (c[o] - 1f) * z[i] + c[o] * lora[i];
                z[i] += lora[i];
            }
        }
        return new State(xd == x ? null : xd, u, c, invNorm, z, noiseSeed);
    }

    @Override
    public void backward(Saved saved, float[] x, float[] dy, int rows, float[] dx) {
        State s = (State) saved;
        int out = lr.out, in = lr.in;
        float[] dm = magnitude.grad();
        float[] dyc = new float[rows * out];
        for (int t = 0; t < rows; t++) {
            for (int o = 0; o < out; o++) {
                int i = t * out + o;
                dm[o] += dy[i] * s.zl[i] * s.invNorm[o];
                dyc[i] = s.c[o] * dy[i];
            }
        }
        float[] xd = s.xd == null ? x : s.xd;
        lr.backward(xd, s.u, dyc, rows, dx, s.seed);
        if (dx == null) return;
        if (s.xd == null) {
            // base path W·x plus (c−1)·W·x on the same input: together c·dy·W
            Gemm.nn(rows, in, out, dyc, 0, base.weight(), 0, dx, 0, true);
        } else {
            base.backwardInput(dy, rows, dx);
            float[] g = new float[rows * out];
            for (int t = 0; t < rows; t++) for (int o = 0; o < out; o++) g[t * out + o] = dyc[t * out + o] - dy[t * out + o];
            float[] gx = new float[rows * in];
            Gemm.nn(rows, in, out, g, 0, base.weight(), 0, gx, 0, false);
            Dropout.backwardAdd(gx, dx, rows * in, lr.dropout, s.seed);
        }
    }

    @Override
    public List<Param> params() {
        return List.of(lr.a, lr.b, magnitude);
    }
}
