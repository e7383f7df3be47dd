package io.hone.core.model;

import io.hone.core.kernel.Gemm;
import io.hone.core.ops.CausalAttention;
import io.hone.core.ops.Linear;
import io.hone.core.ops.RmsNorm;
import io.hone.core.ops.Rope;
import io.hone.core.ops.SwiGlu;

import java.util.List;

/**
 * Inference forward of the Llama family (llama, mistral, qwen2) in FP32: prefill of a chunk of tokens of one
 * sequence against its {@link KvCache} ({@link #forward}), and decode steps of one new token for each of several
 * sequences, each against its own cache ({@link #decode}).
 *
 * <p>Rows never depend on how they were grouped: prefill pins the GEMMs to the blocked path and decode to the
 * few-rows path ({@link Gemm#ROWS}), and every other op works row by row, so a sequence decoded alone or in a batch,
 * or prefilled whole or after a copied prefix, gets bit-identical logits.
 */
public final class LlamaModel {
    private final ModelConfig cfg;
    private final LlamaWeights w;
    private final Rope rope;

    public LlamaModel(ModelConfig cfg, LlamaWeights weights) {
        this.cfg = cfg;
        this.w = weights;
        this.rope = new Rope(cfg.headDim(), cfg.rope());
    }

    public ModelConfig config() {
        return cfg;
    }

    public LlamaWeights weights() {
        return w;
    }

    public KvCache newCache(int capacity) {
        return new KvCache(cfg, capacity);
    }

    /**
     * Runs {@code tokens} at positions {@code cache.length()..}, appends their keys/values to the cache and
     * returns logits: [tokens.length, vocab] when {@code allLogits}, else the last row only [vocab].
     * When {@code hidden} is non-null it receives transformers' {@code hidden_states}: the embeddings, the
     * output of each block but the last, and the final-normed output of the last block.
     */
    public float[] forward(int[] tokens, KvCache cache, boolean allLogits, List<float[]> hidden) {
        return ScopedValue.where(Gemm.ROWS, Gemm.Rows.MANY).call(() -> prefill(tokens, cache, allLogits, hidden));
    }

    /**
     * Prefills several sequences in one pass: {@code chunks[s]} continues the sequence whose cache is {@code caches[s]}
     * (at its current length). The projections run once over all the chunks' rows, attention per sequence. Returns
     * the logits of each chunk's last token, [sequences, vocab], equal bit for bit to prefilling each chunk alone.
     */
    public float[] prefill(List<int[]> chunks, KvCache[] caches) {
        if (chunks.size() != caches.length) throw new IllegalArgumentException(chunks.size() + " chunks for " + caches.length + " caches");
        if (chunks.isEmpty()) throw new IllegalArgumentException("no chunks");
        return ScopedValue.where(Gemm.ROWS, Gemm.Rows.MANY).call(() -> prefillAll(chunks, caches));
    }

    private float[] prefillAll(List<int[]> chunks, KvCache[] caches) {
        int n = chunks.size(), h = cfg.hiddenSize(), total = 0;
        int[] offset = new int[n + 1], pos0 = new int[n];
        for (int s = 0; s < n; s++) {
            int t = chunks.get(s).length;
            if (t == 0) throw new IllegalArgumentException("no tokens in chunk " + s);
            pos0[s] = caches[s].length();
            if (pos0[s] + t > caches[s].capacity()) {
                throw new IllegalStateException("context full: " + (pos0[s] + t) + " positions > cache capacity " + caches[s].capacity());
            }
            offset[s + 1] = offset[s] + t;
        }
        total = offset[n];
        int[] all = new int[total];
        for (int s = 0; s < n; s++) System.arraycopy(chunks.get(s), 0, all, offset[s], offset[s + 1] - offset[s]);
        float[] x = embed(all);
        var buf = new Buffers(cfg, total);
        for (int l = 0; l < cfg.numLayers(); l++) {
            LlamaLayer layer = w.layers()[l];
            RmsNorm.forward(x, layer.attnNorm(), buf.normed, total, h, cfg.rmsNormEps(), null);
            layer.q().forward(buf.normed, total, buf.q);
            layer.k().forward(buf.normed, total, buf.k);
            layer.v().forward(buf.normed, total, buf.v);
            for (int s = 0; s < n; s++) {
                int o = offset[s], t = offset[s + 1] - o;
                rope.apply(buf.q, o, t, cfg.numHeads(), pos0[s]);
                rope.apply(buf.k, o, t, cfg.numKvHeads(), pos0[s]);
                caches[s].store(l, pos0[s], buf.k, buf.v, o, t);
                CausalAttention.forward(buf.q, caches[s].keys[l], caches[s].values[l], buf.attn, o, 0, t, pos0[s],
                        cfg.numHeads(), cfg.numKvHeads(), cfg.headDim(), cfg.slidingWindow(), null, 0);
            }
            mlp(layer, x, total, buf);
        }
        for (int s = 0; s < n; s++) caches[s].advance(offset[s + 1] - offset[s]);
        float[] normed = new float[total * h];
        RmsNorm.forward(x, w.finalNorm(), normed, total, h, cfg.rmsNormEps(), null);
        float[] last = new float[n * h];
        for (int s = 0; s < n; s++) System.arraycopy(normed, (offset[s + 1] - 1) * h, last, s * h, h);
        float[] logits = new float[n * cfg.vocabSize()];
        // last rows only, on the few-rows path as a single prefill's last row
        ScopedValue.where(Gemm.ROWS, Gemm.Rows.FEW).run(() -> w.lmHead().forward(last, n, logits));
        return logits;
    }

    /**
     * One decode step for a batch: {@code tokens[r]} is the next token of the sequence whose cache is {@code caches[r]}
     * (at position {@code caches[r].length()}); appends each key/value to its cache and returns the logits
     * [rows, vocab].
     */
    public float[] decode(int[] tokens, KvCache[] caches) {
        if (tokens.length != caches.length) throw new IllegalArgumentException(tokens.length + " tokens for " + caches.length + " caches");
        if (tokens.length == 0) throw new IllegalArgumentException("no tokens");
        return ScopedValue.where(Gemm.ROWS, Gemm.Rows.FEW).call(() -> decodeStep(tokens, caches));
    }

    private float[] decodeStep(int[] tokens, KvCache[] caches) {
        int b = tokens.length, h = cfg.hiddenSize();
        int[] pos = new int[b];
        for (int r = 0; r < b; r++) {
            pos[r] = caches[r].length();
            if (pos[r] + 1 > caches[r].capacity()) {
                throw new IllegalStateException("context full: " + (pos[r] + 1) + " positions > cache capacity " + caches[r].capacity());
            }
        }
        float[] x = embed(tokens);
        var buf = new Buffers(cfg, b);
        for (int l = 0; l < cfg.numLayers(); l++) {
            LlamaLayer layer = w.layers()[l];
            RmsNorm.forward(x, layer.attnNorm(), buf.normed, b, h, cfg.rmsNormEps(), null);
            layer.q().forward(buf.normed, b, buf.q);
            layer.k().forward(buf.normed, b, buf.k);
            layer.v().forward(buf.normed, b, buf.v);
            float[][] keys = new float[b][], values = new float[b][];
            for (int r = 0; r < b; r++) {
                rope.apply(buf.q, r, 1, cfg.numHeads(), pos[r]);
                rope.apply(buf.k, r, 1, cfg.numKvHeads(), pos[r]);
                caches[r].storeRow(l, pos[r], buf.k, r * cfg.kvDim(), buf.v, r * cfg.kvDim());
                keys[r] = caches[r].keys[l];
                values[r] = caches[r].values[l];
            }
            CausalAttention.decode(buf.q, keys, values, buf.attn, pos, cfg.numHeads(), cfg.numKvHeads(), cfg.headDim(), cfg.slidingWindow());
            mlp(layer, x, b, buf);
        }
        for (KvCache c : caches) c.advance(1);
        float[] normed = new float[b * h];
        RmsNorm.forward(x, w.finalNorm(), normed, b, h, cfg.rmsNormEps(), null);
        float[] logits = new float[b * cfg.vocabSize()];
        w.lmHead().forward(normed, b, logits);
        return logits;
    }

    private float[] embed(int[] tokens) {
        int h = cfg.hiddenSize();
        float[] x = new float[tokens.length * h];
        for (int i = 0; i < tokens.length; i++) {
            int id = tokens[i];
            if (id < 0 || id >= cfg.vocabSize()) throw new IllegalArgumentException("token id " + id + " outside vocabulary of " + cfg.vocabSize());
            System.arraycopy(w.embed(), id * h, x, i * h, h);
        }
        return x;
    }

    private float[] prefill(int[] tokens, KvCache cache, boolean allLogits, List<float[]> hidden) {
        int t = tokens.length, h = cfg.hiddenSize(), pos0 = cache.length();
        if (t == 0) throw new IllegalArgumentException("no tokens");
        if (pos0 + t > cache.capacity()) {
            throw new IllegalStateException("context full: " + (pos0 + t) + " positions > cache capacity " + cache.capacity());
        }
        float[] x = embed(tokens);
        if (hidden != null) hidden.add(x.clone());

        var buf = new Buffers(cfg, t);
        for (int l = 0; l < cfg.numLayers(); l++) {
            block(l, x, t, pos0, cache, buf);
            if (hidden != null && l < cfg.numLayers() - 1) hidden.add(x.clone());
        }
        cache.advance(t);

        float[] normed = new float[t * h];
        RmsNorm.forward(x, w.finalNorm(), normed, t, h, cfg.rmsNormEps(), null);
        if (hidden != null) hidden.add(normed.clone());
        Linear head = w.lmHead();
        if (allLogits) {
            float[] logits = new float[t * cfg.vocabSize()];
            head.forward(normed, t, logits);
            return logits;
        }
        float[] last = java.util.Arrays.copyOfRange(normed, (t - 1) * h, t * h);
        float[] logits = new float[cfg.vocabSize()];
        // one row: the few-rows path, which streams the head's weight instead of packing it
        ScopedValue.where(Gemm.ROWS, Gemm.Rows.FEW).run(() -> head.forward(last, 1, logits));
        return logits;
    }

    private void block(int l, float[] x, int t, int pos0, KvCache cache, Buffers b) {
        LlamaLayer layer = w.layers()[l];
        int h = cfg.hiddenSize();
        RmsNorm.forward(x, layer.attnNorm(), b.normed, t, h, cfg.rmsNormEps(), null);
        layer.q().forward(b.normed, t, b.q);
        layer.k().forward(b.normed, t, b.k);
        layer.v().forward(b.normed, t, b.v);
        rope.apply(b.q, t, cfg.numHeads(), pos0);
        rope.apply(b.k, t, cfg.numKvHeads(), pos0);
        cache.store(l, pos0, b.k, b.v, t);
        CausalAttention.forward(b.q, cache.keys[l], cache.values[l], b.attn, t, pos0,
                cfg.numHeads(), cfg.numKvHeads(), cfg.headDim(), cfg.slidingWindow(), null);
        mlp(layer, x, t, b);
    }

    /** The attention output projection and residual, then the MLP half of the block, for {@code t} rows. */
    private void mlp(LlamaLayer layer, float[] x, int t, Buffers b) {
        int h = cfg.hiddenSize();
        layer.o().forward(b.attn, t, b.proj);
        for (int i = 0; i < t * h; i++) x[i] += b.proj[i];

        RmsNorm.forward(x, layer.mlpNorm(), b.normed, t, h, cfg.rmsNormEps(), null);
        layer.gate().forward(b.normed, t, b.gate);
        layer.up().forward(b.normed, t, b.up);
        SwiGlu.forward(b.gate, b.up, b.gate, t * cfg.intermediateSize());
        layer.down().forward(b.gate, t, b.proj);
        for (int i = 0; i < t * h; i++) x[i] += b.proj[i];
    }

    /** Per-call scratch, reused across the blocks of one forward. */
    private static final class Buffers {
        final float[] normed, q, k, v, attn, proj, gate, up;

        Buffers(ModelConfig c, int t) {
            normed = new float[t * c.hiddenSize()];
            q = new float[t * c.qDim()];
            k = new float[t * c.kvDim()];
            v = new float[t * c.kvDim()];
            attn = new float[t * c.qDim()];
            proj = new float[t * c.hiddenSize()];
            gate = new float[t * c.intermediateSize()];
            up = new float[t * c.intermediateSize()];
        }
    }
}
