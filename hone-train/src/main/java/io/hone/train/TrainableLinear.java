package io.hone.train;

import io.hone.core.ops.Linear;

import java.util.List;

/**
 * A linear layer with trainable tensors. The training forward returns what its backward needs (a LoRA layer's
 * low-rank intermediate, a DoRA layer's scale); the block keeps it in its activation cache. The inference
 * {@link #forward(float[], int, float[])} is the eval-mode forward (no dropout).
 */
public interface TrainableLinear extends Linear {
    /** Opaque per-call state saved by {@link #forwardTrain}. */
    interface Saved {}

    /**
     * Train-mode forward y[rows, out] = layer(x). {@code noiseSeed} fixes the dropout mask, so recomputing a block
     * (gradient checkpointing) reproduces it exactly.
     */
    Saved forwardTrain(float[] x, int rows, float[] y, long noiseSeed);

    /** Accumulates the trainable tensors' gradients and, when {@code dx} is non-null, dx += ∂L/∂x. */
    void backward(Saved saved, float[] x, float[] dy, int rows, float[] dx);

    List<Param> params();
}
