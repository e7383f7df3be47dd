package io.hone.train;

import io.hone.core.ops.DenseLinear;

import java.util.ArrayList;
import java.util.List;

/** A dense projection whose weight (and bias) are trained directly: full fine-tuning. */
public final class FullLinear implements TrainableLinear {
    private final DenseLinear dense;
    private final Param weight, bias;

    /** @param module the Hugging Face module name, e.g. {@code model.layers.0.self_attn.q_proj} */
    public FullLinear(String module, DenseLinear dense) {
        this.dense = dense;
        this.weight = Param.of(module + ".weight", dense.weight(), dense.outFeatures(), dense.inFeatures());
        this.bias = dense.bias() == null ? null : Param.of(module + ".bias", dense.bias(), dense.outFeatures());
    }

    public DenseLinear dense() {
        return dense;
    }

    @Override
    public int inFeatures() {
        return dense.inFeatures();
    }

    @Override
    public int outFeatures() {
        return dense.outFeatures();
    }

    @Override
    public void forward(float[] x, int rows, float[] y) {
        dense.forward(x, rows, y);
    }

    @Override
    public void backwardInput(float[] dy, int rows, float[] dx) {
        dense.backwardInput(dy, rows, dx);
    }

    @Override
    public Saved forwardTrain(float[] x, int rows, float[] y, long noiseSeed) {
        OpProfile.time("linear.base.fwd", () -> dense.forward(x, rows, y));
        return null;
    }

    @Override
    public void backward(Saved saved, float[] x, float[] dy, int rows, float[] dx) {
        OpProfile.time("linear.dW", () -> dense.backwardWeights(x, dy, rows, weight.grad(), bias == null ? null : bias.grad()));
        if (dx != null) OpProfile.time("linear.base.dx", () -> dense.backwardInput(dy, rows, dx));
    }

    @Override
    public List<Param> params() {
        var l = new ArrayList<Param>();
        l.add(weight);
        if (bias != null) l.add(bias);
        return l;
    }
}
