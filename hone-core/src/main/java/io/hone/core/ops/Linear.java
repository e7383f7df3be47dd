package io.hone.core.ops;

/**
 * y[rows, out] = x[rows, in] · Wᵀ (+ b). The seam where LoRA wraps a layer and NF4 replaces the weight.
 */
public interface Linear {
    int inFeatures();

    int outFeatures();

    void forward(float[] x, int rows, float[] y);

    /**
     * The input gradient of a frozen layer: {@code dx[rows, in] += dy[rows, out] · W}. Weight gradients, when a
     * layer is trainable, are the trainer's business (see {@link DenseLinear#backwardWeights}).
     */
    default void backwardInput(float[] dy, int rows, float[] dx) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no backward");
    }
}
