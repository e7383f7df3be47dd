package io.hone.core.ops;

/**
 * y[rows, out] = x[rows, in] · Wᵀ (+ b). The seam where LoRA wraps a layer and NF4 replaces the weight.
 */
public interface Linear {
    int inFeatures();

    int outFeatures();

    void forward(float[] x, int rows, float[] y);
}
