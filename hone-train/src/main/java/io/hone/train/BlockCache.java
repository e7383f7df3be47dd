package io.hone.train;

import io.hone.core.model.ModelConfig;

/**
 * Activations one decoder block's training forward keeps for its backward (N = batch·seq rows, h = hidden,
 * I = intermediate, H = heads, T = seq). With gradient checkpointing only {@code xIn} is kept between the forward
 * and the backward; the rest is recomputed from it.
 *
 * @param xIn     [N, h] block input (the residual stream), input of the attention RMSNorm
 * @param invRms1 [N] 1/rms of xIn
 * @param normed1 [N, h] attention-norm output, the input of q/k/v
 * @param q       [N, H·d] queries after RoPE
 * @param k       [N, KV·d] keys after RoPE
 * @param v       [N, KV·d] values
 * @param lse     [batch, H, T] log-sum-exp of each query row's attention scores (the backward recomputes the
 *                probabilities from it, {@link io.hone.core.ops.FlashAttention})
 * @param attn    [N, H·d] attention output, the input of o_proj
 * @param xMid    [N, h] residual stream after attention, input of the MLP RMSNorm
 * @param invRms2 [N] 1/rms of xMid
 * @param normed2 [N, h] MLP-norm output, the input of gate/up
 * @param gate    [N, I] gate projection before SiLU
 * @param up      [N, I] up projection
 * @param act     [N, I] silu(gate)·up, the input of down_proj
 * @param saved   per projection in {@link io.hone.core.model.LayerWeights#MODULES} order: the state a trainable
 *                linear saved (null for frozen or stateless layers)
 */
public record BlockCache(float[] xIn, float[] invRms1, float[] normed1, float[] q, float[] k, float[] v, float[] lse,
                         float[] attn, float[] xMid, float[] invRms2, float[] normed2, float[] gate, float[] up,
                         float[] act, TrainableLinear.Saved[] saved) {

    static BlockCache allocate(ModelConfig c, int batch, int seq) {
        int n = batch * seq, h = c.hiddenSize(), i = c.intermediateSize();
        return new BlockCache(new float[n * h], new float[n], new float[n * h], new float[n * c.qDim()], new float[n * c.kvDim()],
                new float[n * c.kvDim()], new float[batch * c.numHeads() * seq], new float[n * c.qDim()],
                new float[n * h], new float[n], new float[n * h], new float[n * i], new float[n * i], new float[n * i],
                new TrainableLinear.Saved[7]);
    }

    /** The checkpointed form: only the block input survives until backward. */
    static BlockCache inputOnly(float[] xIn) {
        return new BlockCache(xIn, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    boolean complete() {
        return normed1 != null;
    }
}
