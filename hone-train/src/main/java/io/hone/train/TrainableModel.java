package io.hone.train;

import io.hone.core.HoneException;
import io.hone.core.model.LayerWeights;
import io.hone.core.model.LlamaWeights;
import io.hone.core.model.ModelConfig;
import io.hone.core.ops.CrossEntropy;
import io.hone.core.ops.DenseLinear;
import io.hone.core.ops.Embedding;
import io.hone.core.ops.Linear;
import io.hone.core.ops.LmHeadCrossEntropy;
import io.hone.core.ops.RmsNorm;
import io.hone.core.ops.Rope;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.hone.train.Seeds.mix;

/**
 * Training forward and backward of a Llama-family causal LM (llama, mistral, qwen2) over a {@link Batch}.
 * Which tensors train is decided at construction: the {@link TrainableLinear} projections inside the layers
 * (adapters, or {@link FullLinear} in full fine-tuning) plus, in full fine-tuning, embeddings, norms and lm_head.
 * Only those get FP32 gradient buffers ({@link #params()}); frozen weights are read, never copied.
 *
 * <p>Loss: transformers' causal-LM cross-entropy (mean over positions whose shifted label is not −100), computed by
 * the fused chunked lm_head + cross-entropy so the [tokens, vocab] logits are never materialised in training.
 */
public final class TrainableModel {
    private final ModelConfig cfg;
    private final LlamaWeights w;
    private final Rope rope;
    private final List<Param> params;
    private final Param embed, finalNorm, head;
    private final Param[] attnNorms, mlpNorms;
    private boolean checkpointing;
    private long seed = 0x5EEDL, step;
    /** Activation buffers reused across steps while the batch shape stays (see {@link #buffers}). */
    private BlockCache[] pool = new BlockCache[0];
    private BlockCache spare;
    private BlockScratch scratch;

    private TrainableModel(ModelConfig cfg, LlamaWeights w, boolean full) {
        this.cfg = cfg;
        this.w = w;
        this.rope = new Rope(cfg.headDim(), cfg.rope());
        int nl = w.layers().length, h = cfg.hiddenSize();
        var all = new ArrayList<Param>();
        attnNorms = new Param[nl];
        mlpNorms = new Param[nl];
        if (full) {
            embed = Param.of("model.embed_tokens.weight", w.embed(), cfg.vocabSize(), h);
            all.add(embed);
        } else {
            embed = null;
        }
        for (int l = 0; l < nl; l++) {
            LayerWeights layer = w.layers()[l];
            if (full) {
                attnNorms[l] = Param.of("model.layers." + l + ".input_layernorm.weight", layer.attnNorm(), h);
                all.add(attnNorms[l]);
            }
            for (String proj : LayerWeights.MODULES) {
                if (proj.equals("gate_proj") && full) {
                    mlpNorms[l] = Param.of("model.layers." + l + ".post_attention_layernorm.weight", layer.mlpNorm(), h);
                    all.add(mlpNorms[l]);
                }
                if (layer.module(proj) instanceof TrainableLinear t) all.addAll(t.params());
            }
        }
        if (full) {
            finalNorm = Param.of("model.norm.weight", w.finalNorm(), h);
            all.add(finalNorm);
            float[] hw = headWeight(w.lmHead());
            if (hw == w.embed()) {
                head = embed; // tied: one tensor, one gradient (embedding scatter + head)
            } else {
                head = Param.of("lm_head.weight", hw, cfg.vocabSize(), h);
                all.add(head);
            }
        } else {
            finalNorm = null;
            head = null;
        }
        if (all.isEmpty()) throw new HoneException("nothing to train: no trainable projection in the model");
        this.params = Collections.unmodifiableList(all);
    }

    /** Trains only the {@link TrainableLinear} projections already in {@code w} (e.g. from {@link PeftAdapter}). */
    public static TrainableModel adapters(ModelConfig cfg, LlamaWeights w) {
        return new TrainableModel(cfg, w, false);
    }

    /** Full fine-tuning: every tensor trains; the model's arrays are updated in place by an optimizer. */
    public static TrainableModel full(ModelConfig cfg, LlamaWeights w) {
        LayerWeights[] layers = w.layers().clone();
        for (int l = 0; l < layers.length; l++) {
            for (String proj : LayerWeights.MODULES) {
                Linear lin = layers[l].module(proj);
                if (!(lin instanceof DenseLinear d)) throw new HoneException("full fine-tuning needs dense weights; " + proj + " is " + lin.getClass().getSimpleName());
                layers[l] = layers[l].with(proj, new FullLinear(PeftAdapter.moduleName(l, proj), d));
            }
        }
        return new TrainableModel(cfg, new LlamaWeights(w.embed(), layers, w.finalNorm(), w.lmHead()), true);
    }

    public ModelConfig config() {
        return cfg;
    }

    public LlamaWeights weights() {
        return w;
    }

    /** Trainable tensors, named by their file keys, in a stable order. */
    public List<Param> params() {
        return params;
    }

    public void zeroGrad() {
        for (Param p : params) p.zeroGrad();
    }

    /** Recompute each block's forward during backward, keeping only block inputs (less memory, same gradients). */
    public TrainableModel checkpointing(boolean on) {
        this.checkpointing = on;
        return this;
    }

    /** Seed of the dropout masks; each {@link #forwardBackward} call draws fresh masks from (seed, step). */
    public TrainableModel seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Sets the count of {@link #forwardBackward} calls made so far, which (with the seed) draws the dropout masks:
     * a resumed run sets it to where the interrupted one stopped and gets the same masks.
     */
    public TrainableModel noiseStep(long step) {
        this.step = step;
        return this;
    }

    /** The count of forward/backward calls so far (with the seed, what draws the next dropout masks). */
    public long noiseStep() {
        return step;
    }

    /** Forward + backward: accumulates dL/dθ into every trainable tensor's grad and returns the mean loss. */
    public double forwardBackward(Batch batch) {
        float[] head = headWeight(w.lmHead());
        return forwardBackward(batch, (normed, targets, dNormed) -> {
            return OpProfile.timed("lm_head+ce", () -> LmHeadCrossEntropy.run(normed, batch.tokens(), cfg.hiddenSize(), head,
                    cfg.vocabSize(), targets, dNormed, this.head == null ? null : this.head.grad(), 0));
        });
    }

    /**
     * Forward + backward of an objective over token log-probabilities: the lm_head runs twice over the counted rows,
     * once for log p(target) and once, weighted by the objective's dL/dlogp, for the gradient (the [tokens, vocab]
     * logits are never held whole). Returns the objective's loss.
     */
    public double forwardBackward(Batch batch, TokenObjective objective) {
        float[] head = headWeight(w.lmHead());
        int n = batch.tokens(), h = cfg.hiddenSize(), vocab = cfg.vocabSize();
        return forwardBackward(batch, (normed, targets, dNormed) -> {
            double[] logp = tokenLogProbs(normed, targets, n);
            float[] dLogp = new float[n];
            double loss = objective.apply(logp, dLogp);
            if (!Double.isFinite(loss)) return loss;
            float[] scale = new float[n]; // dL/dCE = −dL/dlogp
            for (int r = 0; r < n; r++) if (targets[r] != CrossEntropy.IGNORE) scale[r] = -dLogp[r];
            LmHeadCrossEntropy.weighted(normed, n, h, head, vocab, targets, scale, null, dNormed,
                    this.head == null ? null : this.head.grad(), 0);
            return loss;
        });
    }

    private double[] tokenLogProbs(float[] normed, int[] targets, int n) {
        double[] ce = new double[n];
        LmHeadCrossEntropy.weighted(normed, n, cfg.hiddenSize(), headWeight(w.lmHead()), cfg.vocabSize(), targets, null, ce, null, null, 0);
        double[] logp = new double[n];
        for (int r = 0; r < n; r++) logp[r] = targets[r] == CrossEntropy.IGNORE ? Double.NaN : -ce[r];
        return logp;
    }

    /** The head's part of a step: loss from the final-normed hidden states, dL/dnormed accumulated into {@code dNormed}. */
    private interface HeadLoss {
        double run(float[] normed, int[] targets, float[] dNormed);
    }

    private double forwardBackward(Batch batch, HeadLoss headLoss) {
        int n = batch.tokens(), h = cfg.hiddenSize(), nl = w.layers().length;
        long stepSeed = mix(seed, step++);
        float[] x = embed(batch);
        BlockCache[] caches = buffers(batch);
        for (int l = 0; l < nl; l++) {
            BlockCache c = checkpointing ? spare : caches[l];
            LlamaBlock.forward(cfg, w.layers()[l], rope, x, batch.batch(), batch.seq(), mix(stepSeed, l), c, scratch);
            if (checkpointing) System.arraycopy(c.xIn(), 0, caches[l].xIn(), 0, n * h);
        }
        float[] normed = new float[n * h], invRms = new float[n];
        OpProfile.time("rmsnorm.fwd", () -> RmsNorm.forward(x, w.finalNorm(), normed, n, h, cfg.rmsNormEps(), invRms));
        int[] targets = CrossEntropy.causalTargets(batch.labels(), batch.batch(), batch.seq());
        float[] dNormed = new float[n * h];
        double loss = headLoss.run(normed, targets, dNormed);
        if (Double.isNaN(loss)) return loss;

        float[] dx = new float[n * h];
        OpProfile.time("rmsnorm.bwd", () -> RmsNorm.backward(x, w.finalNorm(), invRms, dNormed, dx,
                finalNorm == null ? null : finalNorm.grad(), n, h));
        int lowest = lowestTrainableLayer();
        for (int l = nl - 1; l >= lowest; l--) {
            BlockCache c = caches[l];
            if (!c.complete()) c = LlamaBlock.forward(cfg, w.layers()[l], rope, c.xIn().clone(), batch.batch(), batch.seq(), mix(stepSeed, l), spare, scratch);
            LlamaBlock.backward(cfg, w.layers()[l], rope, c, dx, batch.batch(), batch.seq(),
                    attnNorms[l] == null ? null : attnNorms[l].grad(), mlpNorms[l] == null ? null : mlpNorms[l].grad(),
                    l > lowest || embed != null, scratch);
        }
        if (embed != null) {
            OpProfile.time("embedding", () -> Embedding.backward(batch.inputIds(), dx, h, embed.grad()));
        }
        return loss;
    }

    /** Mean loss of a train-mode forward, without gradients. */
    public double loss(Batch batch) {
        float[] normed = hidden(batch);
        int[] targets = CrossEntropy.causalTargets(batch.labels(), batch.batch(), batch.seq());
        return LmHeadCrossEntropy.run(normed, batch.tokens(), cfg.hiddenSize(), headWeight(w.lmHead()), cfg.vocabSize(),
                targets, null, null, 0);
    }

    /** Logits [batch·seq, vocab] of the train-mode forward (what PEFT returns in {@code train()} mode). */
    public float[] logits(Batch batch) {
        float[] normed = hidden(batch);
        float[] logits = new float[batch.tokens() * cfg.vocabSize()];
        w.lmHead().forward(normed, batch.tokens(), logits);
        return logits;
    }

    private float[] hidden(Batch batch) {
        int n = batch.tokens(), h = cfg.hiddenSize();
        float[] x = embed(batch);
        long stepSeed = mix(seed, step);
        buffers(batch);
        for (int l = 0; l < w.layers().length; l++) {
            LlamaBlock.forward(cfg, w.layers()[l], rope, x, batch.batch(), batch.seq(), mix(stepSeed, l), spare, scratch);
        }
        float[] normed = new float[n * h];
        RmsNorm.forward(x, w.finalNorm(), normed, n, h, cfg.rmsNormEps(), null);
        return normed;
    }

    /**
     * The per-layer caches for this batch shape (complete ones, or only block inputs with checkpointing), the spare
     * complete cache that checkpointed recomputation and forward-only passes fill, and the block scratch. Allocated on
     * the first step and whenever the shape or the checkpointing mode changes.
     */
    private BlockCache[] buffers(Batch batch) {
        int n = batch.tokens(), nl = w.layers().length;
        boolean same = scratch != null && scratch.tokens == n && spare.lse().length == batch.batch() * cfg.numHeads() * batch.seq()
                && pool.length == nl && (nl == 0 || pool[0].complete() != checkpointing);
        if (!same) {
            pool = new BlockCache[nl];
            spare = null;
            scratch = null; // let the old buffers go before allocating the new ones
            for (int l = 0; l < nl; l++) {
                pool[l] = checkpointing ? BlockCache.inputOnly(new float[n * cfg.hiddenSize()]) : BlockCache.allocate(cfg, batch.batch(), batch.seq());
            }
            spare = BlockCache.allocate(cfg, batch.batch(), batch.seq());
            scratch = new BlockScratch(cfg, n);
        }
        return pool;
    }

    private float[] embed(Batch batch) {
        float[] x = new float[batch.tokens() * cfg.hiddenSize()];
        Embedding.forward(w.embed(), batch.inputIds(), cfg.hiddenSize(), x);
        return x;
    }

    /** Blocks below the lowest one with a trainable tensor need no backward at all (unless embeddings train). */
    private int lowestTrainableLayer() {
        if (embed != null) return 0;
        for (int l = 0; l < w.layers().length; l++) {
            if (attnNorms[l] != null || mlpNorms[l] != null) return l;
            for (String proj : LayerWeights.MODULES) if (w.layers()[l].module(proj) instanceof TrainableLinear) return l;
        }
        return w.layers().length;
    }

    private static float[] headWeight(Linear head) {
        if (head instanceof DenseLinear d) return d.weight();
        throw new HoneException("training needs a dense lm_head, got " + head.getClass().getSimpleName());
    }

}
