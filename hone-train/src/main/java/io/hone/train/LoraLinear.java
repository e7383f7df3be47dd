package io.hone.train;

import io.hone.core.ops.Linear;

import java.util.List;

/**
 * LoRA (Hu et al.; PEFT {@code lora.Linear}): y = base(x) + s·B(A(dropout(x))), s = alpha/r, or alpha/√r with
 * rsLoRA. The base layer is frozen; A [r, in] and B [out, r] are trained.
 */
public final class LoraLinear implements TrainableLinear {
    private final Linear base;
    private final LowRank lr;

    private record State(float[] xd, float[] u, long seed) implements Saved {}

    /**
     * @param prefix the PEFT module key, e.g. {@code base_model.model.model.layers.0.self_attn.q_proj}
     * @param a      A values [r, in]
     * @param b      B values [out, r]
     */
    public LoraLinear(String prefix, Linear base, float[] a, float[] b, int r, float scale, double dropout) {
        this.base = base;
        this.lr = new LowRank(Param.of(prefix + ".lora_A.weight", a, r, base.inFeatures()),
                Param.of(prefix + ".lora_B.weight", b, base.outFeatures(), r), scale, dropout);
    }

    public Linear base() {
        return base;
    }

    public float scale() {
        return lr.scale;
    }

    public Param a() {
        return lr.a;
    }

    public Param b() {
        return lr.b;
    }

    @Override
    public int inFeatures() {
        return base.inFeatures();
    }

    @Override
    public int outFeatures() {
        return base.outFeatures();
    }

    @Override
    public void forward(float[] x, int rows, float[] y) {
        base.forward(x, rows, y);
        addDelta(x, rows, y);
    }

    /** y += s·B(A(x)), the adapter's part of the eval forward (no dropout), to add onto the base's output. */
    public void addDelta(float[] x, int rows, float[] y) {
        lr.addEval(x, rows, y);
    }

    @Override
    public void backwardInput(float[] dy, int rows, float[] dx) {
        throw new UnsupportedOperationException("LoraLinear needs its saved state: call backward(saved, ...)");
    }

    @Override
    public Saved forwardTrain(float[] x, int rows, float[] y, long noiseSeed) {
        OpProfile.time("linear.base.fwd", () -> base.forward(x, rows, y));
        return OpProfile.timed("lora.fwd", () -> {
            float[] xd = lr.dropped(x, rows, noiseSeed);
            float[] u = lr.down(xd, rows);
            lr.up(u, rows, y, true);
            return new State(xd == x ? null : xd, u, noiseSeed);
        });
    }

    @Override
    public void backward(Saved saved, float[] x, float[] dy, int rows, float[] dx) {
        State s = (State) saved;
        OpProfile.time("lora.bwd", () -> lr.backward(s.xd == null ? x : s.xd, s.u, dy, rows, dx, s.seed));
        if (dx != null) OpProfile.time("linear.base.dx", () -> base.backwardInput(dy, rows, dx));
    }

    @Override
    public List<Param> params() {
        return List.of(lr.a, lr.b);
    }
}
