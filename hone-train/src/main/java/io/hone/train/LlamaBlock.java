package io.hone.train;

import io.hone.core.model.LayerWeights;
import io.hone.core.model.ModelConfig;
import io.hone.core.ops.FlashAttention;
import io.hone.core.ops.Linear;
import io.hone.core.ops.RmsNorm;
import io.hone.core.ops.Rope;
import io.hone.core.ops.SwiGlu;

/**
 * Training forward and backward of one Llama-family decoder block over a batch laid out as [batch·seq, dim];
 * every row of the batch is its own causal sequence starting at position 0.
 */
final class LlamaBlock {
    private LlamaBlock() {}

    private static final int Q = 0, K = 1, V = 2, O = 3, GATE = 4, UP = 5, DOWN = 6;

    /**
     * Runs the block on the residual stream {@code x} in place, filling the activation cache {@code a} (a complete
     * cache for this batch shape, whose buffers are overwritten) and returning it.
     */
    static BlockCache forward(ModelConfig c, LayerWeights L, Rope rope, float[] x, int batch, int seq, long noiseSeed,
                              BlockCache a, BlockScratch ws) {
        int n = batch * seq, h = c.hiddenSize();
        System.arraycopy(x, 0, a.xIn(), 0, n * h);
        var saved = a.saved();
        OpProfile.time("rmsnorm.fwd", () -> RmsNorm.forward(x, L.attnNorm(), a.normed1(), n, h, c.rmsNormEps(), a.invRms1()));
        saved[Q] = fwd(L.q(), a.normed1(), n, a.q(), noiseSeed, Q);
        saved[K] = fwd(L.k(), a.normed1(), n, a.k(), noiseSeed, K);
        saved[V] = fwd(L.v(), a.normed1(), n, a.v(), noiseSeed, V);
        OpProfile.time("rope.fwd", () -> {
            for (int b = 0; b < batch; b++) {
                rope.apply(a.q(), b * seq, seq, c.numHeads(), 0);
                rope.apply(a.k(), b * seq, seq, c.numKvHeads(), 0);
            }
        });
        OpProfile.time("attention.fwd", () -> FlashAttention.forward(a.q(), a.k(), a.v(), a.attn(), a.lse(), batch, seq,
                c.numHeads(), c.numKvHeads(), c.headDim(), c.slidingWindow()));
        float[] proj = ws.proj;
        saved[O] = fwd(L.o(), a.attn(), n, proj, noiseSeed, O);
        OpProfile.time("residual", () -> {
            for (int i = 0; i < n * h; i++) x[i] += proj[i];
            System.arraycopy(x, 0, a.xMid(), 0, n * h);
        });

        OpProfile.time("rmsnorm.fwd", () -> RmsNorm.forward(x, L.mlpNorm(), a.normed2(), n, h, c.rmsNormEps(), a.invRms2()));
        saved[GATE] = fwd(L.gate(), a.normed2(), n, a.gate(), noiseSeed, GATE);
        saved[UP] = fwd(L.up(), a.normed2(), n, a.up(), noiseSeed, UP);
        OpProfile.time("swiglu.fwd", () -> SwiGlu.forward(a.gate(), a.up(), a.act(), n * c.intermediateSize()));
        saved[DOWN] = fwd(L.down(), a.act(), n, proj, noiseSeed, DOWN);
        OpProfile.time("residual", () -> {
            for (int i = 0; i < n * h; i++) x[i] += proj[i];
        });
        return a;
    }

    /**
     * Turns {@code dx} (dL/d block output) into dL/d block input in place, accumulating the gradients of trainable
     * projections and, when non-null, of the two norm weights. With {@code needInputGrad} false (nothing below is
     * trainable) the attention-side input gradient is not formed.
     */
    static void backward(ModelConfig c, LayerWeights L, Rope rope, BlockCache a, float[] dx, int batch, int seq,
                         float[] dAttnNorm, float[] dMlpNorm, boolean needInputGrad, BlockScratch ws) {
        int n = batch * seq, h = c.hiddenSize(), inter = c.intermediateSize();
        var saved = a.saved();
        // MLP: x_out = x_mid + down(silu(gate(n2))·up(n2)), n2 = norm(x_mid)
        float[] dAct = BlockScratch.zero(ws.dAct);
        bwd(L.down(), saved[DOWN], a.act(), dx, n, dAct);
        float[] dGate = ws.dGate, dUp = ws.dUp;
        OpProfile.time("swiglu.bwd", () -> SwiGlu.backward(a.gate(), a.up(), dAct, dGate, dUp, n * inter));
        float[] dn = BlockScratch.zero(ws.dn);
        bwd(L.gate(), saved[GATE], a.normed2(), dGate, n, dn);
        bwd(L.up(), saved[UP], a.normed2(), dUp, n, dn);
        OpProfile.time("rmsnorm.bwd", () -> RmsNorm.backward(a.xMid(), L.mlpNorm(), a.invRms2(), dn, dx, dMlpNorm, n, h));

        // attention: x_mid = x_in + o(attn(rope(q(n1)), rope(k(n1)), v(n1))), n1 = norm(x_in)
        float[] dAttn = BlockScratch.zero(ws.dAttn);
        bwd(L.o(), saved[O], a.attn(), dx, n, dAttn);
        float[] dq = ws.dq, dk = ws.dk, dv = ws.dv;
        OpProfile.time("attention.bwd", () -> {
            FlashAttention.backward(a.q(), a.k(), a.v(), a.lse(), dAttn, dq, dk, dv, batch, seq, c.numHeads(),
                    c.numKvHeads(), c.headDim(), c.slidingWindow());
        });
        OpProfile.time("rope.bwd", () -> {
            for (int b = 0; b < batch; b++) {
                rope.applyInverse(dq, b * seq, seq, c.numHeads(), 0);
                rope.applyInverse(dk, b * seq, seq, c.numKvHeads(), 0);
            }
        });
        boolean needDn = needInputGrad || dAttnNorm != null;
        float[] dn1 = needDn ? dn : null;
        if (dn1 != null) java.util.Arrays.fill(dn1, 0f);
        bwd(L.q(), saved[Q], a.normed1(), dq, n, dn1);
        bwd(L.k(), saved[K], a.normed1(), dk, n, dn1);
        bwd(L.v(), saved[V], a.normed1(), dv, n, dn1);
        OpProfile.time("rmsnorm.bwd", () -> {
            if (needDn) RmsNorm.backward(a.xIn(), L.attnNorm(), a.invRms1(), dn1, needInputGrad ? dx : null, dAttnNorm, n, h);
        });
    }

    private static TrainableLinear.Saved fwd(Linear l, float[] x, int rows, float[] y, long seed, int module) {
        if (l instanceof TrainableLinear t) return t.forwardTrain(x, rows, y, seed ^ (0x9E3779B97F4A7C15L * (module + 1)));
        OpProfile.time("linear.base.fwd", () -> l.forward(x, rows, y));
        return null;
    }

    private static void bwd(Linear l, TrainableLinear.Saved s, float[] x, float[] dy, int rows, float[] dx) {
        if (l instanceof TrainableLinear t) t.backward(s, x, dy, rows, dx);
        else if (dx != null) {
            OpProfile.time("linear.base.dx", () -> l.backwardInput(dy, rows, dx));
        }
    }
}
