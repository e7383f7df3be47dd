package io.hone.train;

import io.hone.core.model.ModelConfig;

import java.util.Arrays;

/**
 * Temporaries of one block's forward and backward ([N, ·] with N = batch·seq rows), allocated once per batch shape
 * and reused by every block and step: fresh arrays of this size each block would cost zeroing and GC time.
 */
final class BlockScratch {
    final int tokens;
    /** [N, h] a projection's output before it joins the residual stream. */
    final float[] proj;
    /** [N, I] gradients at the MLP's down input, gate and up outputs. */
    final float[] dAct, dGate, dUp;
    /** [N, h] gradient at a norm's output. */
    final float[] dn;
    /** [N, H·d] gradient at the attention output; dq [N, H·d], dk/dv [N, KV·d]. */
    final float[] dAttn, dq, dk, dv;

    BlockScratch(ModelConfig c, int tokens) {
        int n = tokens, h = c.hiddenSize(), i = c.intermediateSize();
        this.tokens = tokens;
        proj = new float[n * h];
        dAct = new float[n * i];
        dGate = new float[n * i];
        dUp = new float[n * i];
        dn = new float[n * h];
        dAttn = new float[n * c.qDim()];
        dq = new float[n * c.qDim()];
        dk = new float[n * c.kvDim()];
        dv = new float[n * c.kvDim()];
    }

    static float[] zero(float[] a) {
        Arrays.fill(a, 0f);
        return a;
    }
}
