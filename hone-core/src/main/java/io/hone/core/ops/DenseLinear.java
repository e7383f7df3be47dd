package io.hone.core.ops;

import io.hone.core.kernel.Gemm;
import io.hone.core.kernel.VectorOps;

/** A linear layer with an FP32 weight in the Hugging Face layout [out, in] and an optional bias. */
public final class DenseLinear implements Linear {
    private final float[] weight;
    private final float[] bias;
    private final int in, out;

    public DenseLinear(float[] weight, float[] bias, int out, int in) {
        if (weight.length != (long) out * in) throw new IllegalArgumentException("weight length " + weight.length + " != " + out + "x" + in);
        if (bias != null && bias.length != out) throw new IllegalArgumentException("bias length " + bias.length + " != " + out);
        this.weight = weight;
        this.bias = bias;
        this.out = out;
        this.in = in;
    }

    public float[] weight() {
        return weight;
    }

    public float[] bias() {
        return bias;
    }

    @Override
    public int inFeatures() {
        return in;
    }

    @Override
    public int outFeatures() {
        return out;
    }

    @Override
    public void forward(float[] x, int rows, float[] y) {
        Gemm.nt(rows, out, in, x, 0, weight, 0, y, 0, false);
        if (bias != null) for (int r = 0; r < rows; r++) VectorOps.add(y, r * out, bias, 0, out);
    }

    /** dx[rows, in] += dy[rows, out] · W. */
    @Override
    public void backwardInput(float[] dy, int rows, float[] dx) {
        Gemm.nn(rows, in, out, dy, 0, weight, 0, dx, 0, true);
    }

    /** dW[out, in] += dyᵀ · x and, when {@code db} is non-null, db[out] += Σ_rows dy. */
    public void backwardWeights(float[] x, float[] dy, int rows, float[] dW, float[] db) {
        Gemm.tn(out, in, rows, dy, 0, x, 0, dW, 0, true);
        if (db != null) {
            for (int r = 0; r < rows; r++) {
                int o = r * out;
                for (int j = 0; j < out; j++) db[j] += dy[o + j];
            }
        }
    }
}
