package io.hone.core.model;

import io.hone.core.kernel.Gemm;
import io.hone.core.ops.AdapterRows;
import io.hone.core.ops.CausalAttention;
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
        if (tokens.length == 0) throw new IllegalArgumentException("no tokens");
        return ScopedValue.where(Gemm.ROWS, Gemm.Rows.MANY).call(() -> {
            float[] x = embed(tokens);
            if (hidden != null) hidden.add(x.clone());
            float[] normed = stack(x, new int[]{0, tokens.length}, new KvCache[]{cache}, hidden);
            if (hidden != null) hidden.add(normed.clone());
            if (!allLogits) return lastRowLogits(normed, new int[]{0, tokens.length});
            float[] logits = new float[tokens.length * cfg.vocabSize()];
            w.lmHead().forward(normed, tokens.length, logits);
            return logits;
        });
    }

    /**
     * Prefills several sequences in one pass: {@code chunks[s]} continues the sequence whose cache is {@code caches[s]}
     * (at its current length). The projections run once over all the chunks' rows, attention per sequence. Returns
     * the logits of each chunk's last token, [sequences, vocab], equal bit for bit to prefilling each chunk alone.
     */
    public float[] prefill(List<int[]> chunks, KvCache[] caches) {
        if (chunks.size() != caches.length) throw new IllegalArgumentException(chunks.size() + " chunks for " + caches.length + " caches");
        if (chunks.isEmpty()) throw new IllegalArgumentException("no chunks");
        int n = chunks.size();
        int[] offset = new int[n + 1];
        for (int s = 0; s < n; s++) {
            if (chunks.get(s).length == 0) throw new IllegalArgumentException("no tokens in chunk " + s);
            offset[s + 1] = offset[s] + chunks.get(s).length;
        }
        int[] all = new int[offset[n]];
        for (int s = 0; s < n; s++) System.arraycopy(chunks.get(s), 0, all, offset[s], chunks.get(s).length);
        return ScopedValue.where(Gemm.ROWS, Gemm.Rows.MANY).call(() -> lastRowLogits(stack(embed(all), offset, caches, null), offset));
    }

    /**
     * One decode step for a batch: {@code tokens[r]} is the next token of the sequence whose cache is {@code caches[r]}
     * (at position {@code caches[r].length()}); appends each key/value to its cache and returns the logits
     * [rows, vocab].
     */
    public float[] decode(int[] tokens, KvCache[] caches) {
        if (tokens.length != caches.length) throw new IllegalArgumentException(tokens.length + " tokens for " + caches.length + " caches");
        if (tokens.length == 0) throw new IllegalArgumentException("no tokens");
        int[] offset = new int[tokens.length + 1];
        for (int r = 0; r <= tokens.length; r++) offset[r] = r;
        return ScopedValue.where(Gemm.ROWS, Gemm.Rows.FEW).call(() -> lastRowLogits(stack(embed(tokens), offset, caches, null), offset));
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

    /**
     * The decoder blocks over the rows of several sequences (rows offset[s]..offset[s+1] continue caches[s] at its
     * length), then the final norm, returned. Projections run over all rows at once, attention per sequence; the caches
     * advance. {@code hidden}, when non-null, receives the output of each block but the last. Adapter slots bound per
     * sequence ({@link AdapterRows#SEQUENCES}) are bound per row for the blocks' linear layers.
     */
    private float[] stack(float[] x, int[] offset, KvCache[] caches, List<float[]> hidden) {
        int[] adapterRows = AdapterRows.expand(offset);
        if (adapterRows == null) return blocks(x, offset, caches, hidden);
        return ScopedValue.where(AdapterRows.ROWS, adapterRows).call(() -> blocks(x, offset, caches, hidden));
    }

    private float[] blocks(float[] x, int[] offset, KvCache[] caches, List<float[]> hidden) {
        int n = caches.length, total = offset[n], h = cfg.hiddenSize();
        int[] pos0 = new int[n];
        for (int s = 0; s < n; s++) {
            pos0[s] = caches[s].length();
            int end = pos0[s] + offset[s + 1] - offset[s];
            if (end > caches[s].capacity()) throw new IllegalStateException("context full: " + end + " positions > cache capacity " + caches[s].capacity());
        }
        var b = new Buffers(cfg, total);
        for (int l = 0; l < cfg.numLayers(); l++) {
            LayerWeights layer = w.layers()[l];
            RmsNorm.forward(x, layer.attnNorm(), b.normed, total, h, cfg.rmsNormEps(), null);
            layer.q().forward(b.normed, total, b.q);
            layer.k().forward(b.normed, total, b.k);
            layer.v().forward(b.normed, total, b.v);
            for (int s = 0; s < n; s++) {
                int o = offset[s], t = offset[s + 1] - o;
                rope.apply(b.q, o, t, cfg.numHeads(), pos0[s]);
                rope.apply(b.k, o, t, cfg.numKvHeads(), pos0[s]);
                caches[s].store(l, pos0[s], b.k, b.v, o, t);
            }
            attention(l, b, offset, pos0, caches);
            mlp(layer, x, total, b);
            if (hidden != null && l < cfg.numLayers() - 1) hidden.add(x.clone());
        }
        for (int s = 0; s < n; s++) caches[s].advance(offset[s + 1] - offset[s]);
        float[] normed = new float[total * h];
        RmsNorm.forward(x, w.finalNorm(), normed, total, h, cfg.rmsNormEps(), null);
        return normed;
    }

    /** Each sequence's rows against its own cache; one row per sequence (decode) runs all rows' heads in parallel. */
    private void attention(int l, Buffers b, int[] offset, int[] pos0, KvCache[] caches) {
        int n = caches.length;
        if (offset[n] == n) {
            float[][] keys = new float[n][], values = new float[n][];
            for (int s = 0; s < n; s++) {
                keys[s] = caches[s].keys[l];
                values[s] = caches[s].values[l];
            }
            CausalAttention.decode(b.q, keys, values, b.attn, pos0, cfg.numHeads(), cfg.numKvHeads(), cfg.headDim(), cfg.slidingWindow());
            return;
        }
        for (int s = 0; s < n; s++) {
            CausalAttention.forward(b.q, caches[s].keys[l], caches[s].values[l], b.attn, offset[s], 0, offset[s + 1] - offset[s], pos0[s],
                    cfg.numHeads(), cfg.numKvHeads(), cfg.headDim(), cfg.slidingWindow(), null, 0);
        }
    }

    /** The logits of each sequence's last row, on the few-rows path (which streams the head's weight instead of packing it). */
    private float[] lastRowLogits(float[] normed, int[] offset) {
        int n = offset.length - 1, h = cfg.hiddenSize();
        float[] last = new float[n * h];
        for (int s = 0; s < n; s++) System.arraycopy(normed, (offset[s + 1] - 1) * h, last, s * h, h);
        float[] logits = new float[n * cfg.vocabSize()];
        ScopedValue.where(Gemm.ROWS, Gemm.Rows.FEW).run(() -> w.lmHead().forward(last, n, logits));
        return logits;
    }

    /** The attention output projection and residual, then the MLP half of the block, for {@code t} rows. */
    private void mlp(LayerWeights layer, float[] x, int t, Buffers b) {
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
