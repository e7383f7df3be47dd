package io.hone.core.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from logits in transformers' order: repetition penalty, then temperature,
 * top-k, top-p, then a seeded multinomial draw (or argmax when greedy).
 */
public final class Sampler {
    private final SamplingConfig cfg;
    private final SplittableRandom random;

    public Sampler(SamplingConfig cfg) {
        this.cfg = cfg;
        this.random = new SplittableRandom(cfg.seed());
    }

    /** {@code context} holds every id seen so far (prompt + generated), used by the repetition penalty. */
    public int next(float[] logits, int[] context, int contextLength) {
        float[] l = logits.clone();
        if (cfg.repetitionPenalty() != 1.0) applyRepetitionPenalty(l, context, contextLength, (float) cfg.repetitionPenalty());
        if (cfg.isGreedy()) return argmax(l);
        float t = (float) cfg.temperature();
        for (int i = 0; i < l.length; i++) l[i] /= t;
        if (cfg.topK() > 0 && cfg.topK() < l.length) topK(l, cfg.topK());
        if (cfg.topP() < 1.0) topP(l, cfg.topP());
        return draw(l);
    }

    static void applyRepetitionPenalty(float[] l, int[] context, int n, float p) {
        boolean[] seen = new boolean[l.length];
        for (int i = 0; i < n; i++) {
            int id = context[i];
            if (id < 0 || id >= l.length || seen[id]) continue;
            seen[id] = true;
            l[id] = l[id] < 0 ? l[id] * p : l[id] / p;
        }
    }

    public static int argmax(float[] l) {
        int best = 0;
        for (int i = 1; i < l.length; i++) if (l[i] > l[best]) best = i;
        return best;
    }

    /** Keeps logits ≥ the k-th largest (ties kept, as torch.topk + `<` mask does). */
    static void topK(float[] l, int k) {
        float[] sorted = l.clone();
        Arrays.sort(sorted);
        float kth = sorted[sorted.length - k];
        for (int i = 0; i < l.length; i++) if (l[i] < kth) l[i] = Float.NEGATIVE_INFINITY;
    }

    /** Nucleus filter: drop the low tail whose cumulative probability is ≤ 1 - topP; the best token always stays. */
    static void topP(float[] l, double topP) {
        Integer[] order = new Integer[l.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Float.compare(l[a], l[b]));
        double[] p = softmax(l);
        double cum = 0;
        for (int r = 0; r < order.length - 1; r++) {
            int id = order[r];
            cum += p[id];
            if (cum <= 1 - topP) l[id] = Float.NEGATIVE_INFINITY;
            else break;
        }
    }

    static double[] softmax(float[] l) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : l) max = Math.max(max, v);
        double[] p = new double[l.length];
        double sum = 0;
        for (int i = 0; i < l.length; i++) {
            p[i] = l[i] == Float.NEGATIVE_INFINITY ? 0 : Math.exp(l[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return p;
    }

    private int draw(float[] l) {
        double[] p = softmax(l);
        double u = random.nextDouble(), cum = 0;
        int last = -1;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0) continue;
            cum += p[i];
            last = i;
            if (u < cum) return i;
        }
        return last;
    }
}
