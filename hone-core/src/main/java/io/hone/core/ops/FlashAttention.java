package io.hone.core.ops;

import io.hone.core.kernel.Parallel;
import io.hone.core.kernel.VectorOps;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

import java.util.Arrays;

import static io.hone.core.ops.AttentionTiles.L;
import static io.hone.core.ops.AttentionTiles.S;
import static io.hone.core.ops.AttentionTiles.mm;

/**
 * Training attention over a batch of sequences laid out as [batch·seq, heads·d]: causal, grouped-query, optional
 * sliding window — the same function as {@link CausalAttention} with every sequence starting at position 0. The
 * forward keeps only each row's log-sum-exp of the scaled scores (not the [batch, heads, seq, seq] probabilities);
 * the backward recomputes P = exp(s − lse) row tile by row tile, as FlashAttention does.
 *
 * <p>Work: one task per (sequence, query head), each on copies of its head's Q, K, V made contiguous (and Kᵀ, Vᵀ),
 * multiplied by {@link AttentionTiles}. In the backward each query head writes its own dK/dV partial; the heads of a
 * KV group are then summed in head order, so results never depend on the thread count or the task split.
 * Work memory per thread: two [seq, seq] score tiles (1 MiB at seq 256, 128 MiB at 4096); blocking the keys would
 * bound it for long sequences.
 */
public final class FlashAttention {
    private FlashAttention() {}

    private static final class Work {
        float[] qc = new float[0], kc = qc, vc = qc, kt = qc, vt = qc, dOc = qc, oc = qc, s = qc, ds = qc;

        Work ensure(int t, int dp, int tp) {
            if (qc.length < t * dp) {
                qc = new float[t * dp]; kc = new float[t * dp]; vc = new float[t * dp]; dOc = new float[t * dp]; oc = new float[t * dp];
            }
            if (kt.length < dp * tp) {
                kt = new float[dp * tp]; vt = new float[dp * tp];
            }
            if (s.length < t * tp) {
                s = new float[t * tp]; ds = new float[t * tp];
            }
            return this;
        }
    }

    private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);

    private static int pad(int x) {
        return (x + L - 1) / L * L;
    }

    /**
     * @param q   [batch·seq, heads·d] queries (after RoPE)
     * @param k   [batch·seq, kvHeads·d] keys (after RoPE)
     * @param v   same layout as k
     * @param out written: [batch·seq, heads·d]
     * @param lse written: [batch, heads, seq] log Σ_j exp(s_tj) of each query row's scaled scores
     */
    public static void forward(float[] q, float[] k, float[] v, float[] out, float[] lse, int batch, int seq,
                               int heads, int kvHeads, int d, int window) {
        int group = heads / kvHeads, dp = pad(d), tp = pad(seq);
        float scale = (float) (1.0 / Math.sqrt(d));
        Parallel.forEach(batch * heads, task -> {
            int b = task / heads, h = task % heads, kvh = h / group;
            Work w = WORK.get().ensure(seq, dp, tp);
            load(q, b * seq, heads * d, h * d, seq, d, dp, w.qc);
            transpose(k, b * seq, kvHeads * d, kvh * d, seq, d, tp, dp, w.kt);
            load(v, b * seq, kvHeads * d, kvh * d, seq, d, dp, w.vc);
            int lOff = (b * heads + h) * seq;
            for (int t0 = 0; t0 < seq; t0 += 4) {
                int m = Math.min(4, seq - t0), jHi = pad(t0 + m);
                mm(m, jHi, 0, dp, w.qc, t0 * dp, dp, 1, w.kt, 0, tp, w.s, t0 * tp, tp, false);
                for (int t = t0; t < t0 + m; t++) lse[lOff + t] = softmaxRow(w.s, t * tp, t, jHi, first(t, window), scale);
                mm(m, dp, first(t0, window), t0 + m, w.s, t0 * tp, tp, 1, w.vc, 0, dp, w.oc, t0 * dp, dp, false);
            }
            store(w.oc, dp, out, b * seq, heads * d, h * d, seq, d);
        });
    }

    /**
     * Backward of {@link #forward} from its log-sum-exp. Writes (overwrites) dq, dk, dv:
     * P = exp(s − lse); dV = Pᵀ·dO; dP = dO·Vᵀ; dS = P ⊙ (dP − rowsum(P ⊙ dP)); dQ = scale·dS·K; dK = scale·dSᵀ·Q,
     * summed over the query heads of each KV group.
     */
    public static void backward(float[] q, float[] k, float[] v, float[] lse, float[] dOut,
                                float[] dq, float[] dk, float[] dv, int batch, int seq, int heads, int kvHeads, int d, int window) {
        int group = heads / kvHeads, dp = pad(d), tp = pad(seq);
        float scale = (float) (1.0 / Math.sqrt(d));
        int part = seq * dp;
        float[] dkh = new float[batch * heads * part], dvh = new float[batch * heads * part];
        Parallel.forEach(batch * heads, task -> {
            int b = task / heads, h = task % heads, kvh = h / group, row0 = b * seq;
            Work w = WORK.get().ensure(seq, dp, tp);
            load(q, row0, heads * d, h * d, seq, d, dp, w.qc);
            load(k, row0, kvHeads * d, kvh * d, seq, d, dp, w.kc);
            transpose(k, row0, kvHeads * d, kvh * d, seq, d, tp, dp, w.kt);
            transpose(v, row0, kvHeads * d, kvh * d, seq, d, tp, dp, w.vt);
            load(dOut, row0, heads * d, h * d, seq, d, dp, w.dOc);
            int lOff = (b * heads + h) * seq;
            for (int t0 = 0; t0 < seq; t0 += 4) {
                int m = Math.min(4, seq - t0), jHi = pad(t0 + m);
                mm(m, jHi, 0, dp, w.qc, t0 * dp, dp, 1, w.kt, 0, tp, w.s, t0 * tp, tp, false);
                mm(m, jHi, 0, dp, w.dOc, t0 * dp, dp, 1, w.vt, 0, tp, w.ds, t0 * tp, tp, false);
                for (int t = t0; t < t0 + m; t++) probsAndDs(w.s, w.ds, t * tp, t, jHi, first(t, window), scale, lse[lOff + t]);
                mm(m, dp, first(t0, window), t0 + m, w.ds, t0 * tp, tp, 1, w.kc, 0, dp, w.oc, t0 * dp, dp, false);
            }
            store(w.oc, dp, dq, row0, heads * d, h * d, seq, d);
            int pOff = task * part;
            for (int j0 = 0; j0 < seq; j0 += 4) {
                int m = Math.min(4, seq - j0), tHi = window > 0 ? Math.min(seq, j0 + m - 1 + window) : seq;
                mm(m, dp, j0, tHi, w.ds, j0, 1, tp, w.qc, 0, dp, dkh, pOff + j0 * dp, dp, false);
                mm(m, dp, j0, tHi, w.s, j0, 1, tp, w.dOc, 0, dp, dvh, pOff + j0 * dp, dp, false);
            }
        });
        Parallel.forEach(batch * kvHeads, task -> {
            int b = task / kvHeads, kvh = task % kvHeads;
            for (int t = 0; t < seq; t++) {
                int o = (b * seq + t) * kvHeads * d + kvh * d;
                Arrays.fill(dk, o, o + d, 0f);
                Arrays.fill(dv, o, o + d, 0f);
                for (int h = kvh * group; h < (kvh + 1) * group; h++) {
                    int p = (b * heads + h) * part + t * dp;
                    VectorOps.add(dk, o, dkh, p, d);
                    VectorOps.add(dv, o, dvh, p, d);
                }
            }
        });
    }

    private static int first(int t, int window) {
        return window > 0 ? Math.max(0, t - window + 1) : 0;
    }

    /** Row t of s: scores → probabilities over [first, t], zero elsewhere in [0, jHi); returns the log-sum-exp. */
    private static float softmaxRow(float[] s, int row, int t, int jHi, int first, float scale) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = first; j <= t; j++) max = Math.max(max, s[row + j]);
        float shift = max * scale;
        FloatVector sum = FloatVector.zero(S);
        for (int j = 0; j < jHi; j += L) {
            VectorMask<Float> in = S.indexInRange(j - first, t + 1 - first);
            FloatVector e = VectorOps.exp(FloatVector.fromArray(S, s, row + j).mul(scale).sub(shift));
            e = FloatVector.zero(S).blend(e, in);
            e.intoArray(s, row + j);
            sum = sum.add(e);
        }
        float total = VectorOps.sumLanes(sum), inv = 1f / total;
        for (int j = 0; j < jHi; j += L) FloatVector.fromArray(S, s, row + j).mul(inv).intoArray(s, row + j);
        return shift + (float) Math.log(total);
    }

    /**
     * Row t: s (scores) → P = exp(scale·s − lse) and ds (dP) → scale·P·(dP − D) with D = Σ_j P·dP (which equals
     * dO·O, without reading O), both zero outside [first, t].
     */
    private static void probsAndDs(float[] s, float[] ds, int row, int t, int jHi, int first, float scale, float lse) {
        FloatVector acc = FloatVector.zero(S);
        for (int j = 0; j < jHi; j += L) {
            VectorMask<Float> in = S.indexInRange(j - first, t + 1 - first);
            FloatVector p = VectorOps.exp(FloatVector.fromArray(S, s, row + j).mul(scale).sub(lse));
            p = FloatVector.zero(S).blend(p, in);
            p.intoArray(s, row + j);
            acc = p.fma(FloatVector.fromArray(S, ds, row + j), acc);
        }
        float dd = VectorOps.sumLanes(acc);
        for (int j = 0; j < jHi; j += L) {
            FloatVector p = FloatVector.fromArray(S, s, row + j);
            p.mul(FloatVector.fromArray(S, ds, row + j).sub(dd)).mul(scale).intoArray(ds, row + j);
        }
    }

    /** dst[t, 0..dp) = src[row0 + t, col0 .. col0 + d) (zero padded). */
    private static void load(float[] src, int row0, int stride, int col0, int rows, int d, int dp, float[] dst) {
        for (int t = 0; t < rows; t++) {
            System.arraycopy(src, (row0 + t) * stride + col0, dst, t * dp, d);
            if (dp > d) Arrays.fill(dst, t * dp + d, (t + 1) * dp, 0f);
        }
    }

    /** dst[i, t] = src[row0 + t, col0 + i] as [dp, tp], zero padded. */
    private static void transpose(float[] src, int row0, int stride, int col0, int rows, int d, int tp, int dp, float[] dst) {
        Arrays.fill(dst, 0, dp * tp, 0f);
        for (int t = 0; t < rows; t++) {
            int o = (row0 + t) * stride + col0;
            for (int i = 0; i < d; i++) dst[i * tp + t] = src[o + i];
        }
    }

    private static void store(float[] src, int dp, float[] dst, int row0, int stride, int col0, int rows, int d) {
        for (int t = 0; t < rows; t++) System.arraycopy(src, t * dp, dst, (row0 + t) * stride + col0, d);
    }
}
