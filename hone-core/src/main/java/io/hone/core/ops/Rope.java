package io.hone.core.ops;

import io.hone.core.kernel.Parallel;
import io.hone.core.model.RopeScaling;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Rotary position embedding, the "rotate half" layout of transformers' Llama: pairs (i, i + d/2).
 * Frequencies follow {@code _compute_default_rope_parameters} / {@code _compute_llama3_parameters};
 * angles are formed in FP32 as transformers does (inv_freq · position in float32).
 */
public final class Rope {
    private final int headDim;
    private final float[] invFreq;

    public Rope(int headDim, RopeScaling s) {
        this.headDim = headDim;
        int half = headDim / 2;
        invFreq = new float[half];
        for (int i = 0; i < half; i++) {
            invFreq[i] = (float) (1.0 / Math.pow(s.theta(), (2.0 * i) / headDim));
        }
        switch (s.type()) {
            case "linear" -> {
                for (int i = 0; i < half; i++) invFreq[i] = (float) (invFreq[i] / s.factor());
            }
            case "llama3" -> llama3(s);
            default -> { }
        }
    }

    private void llama3(RopeScaling s) {
        double oldCtx = s.originalMaxPositions();
        double lowWavelen = oldCtx / s.lowFreqFactor();
        double highWavelen = oldCtx / s.highFreqFactor();
        for (int i = 0; i < invFreq.length; i++) {
            double f = invFreq[i];
            double wavelen = 2 * Math.PI / f;
            double scaled = wavelen > lowWavelen ? f / s.factor() : f;
            boolean medium = !(wavelen < highWavelen) && !(wavelen > lowWavelen);
            if (medium) {
                double smooth = (oldCtx / wavelen - s.lowFreqFactor()) / (s.highFreqFactor() - s.lowFreqFactor());
                scaled = (1 - smooth) * scaled / s.factor() + smooth * scaled;
            }
            invFreq[i] = (float) scaled;
        }
    }

    public int headDim() {
        return headDim;
    }

    /** Rotates every head of {@code rows} rows in place; row r sits at position {@code pos0 + r}. */
    public void apply(float[] x, int rows, int heads, int pos0) {
        rotate(x, 0, rows, heads, pos0, 1f);
    }

    /** As {@link #apply(float[], int, int, int)} on rows starting at row {@code row0} of {@code x}. */
    public void apply(float[] x, int row0, int rows, int heads, int pos0) {
        rotate(x, row0, rows, heads, pos0, 1f);
    }

    /** Inverse rotation (the backward of {@link #apply}: the rotation matrix is orthogonal). */
    public void applyInverse(float[] x, int rows, int heads, int pos0) {
        rotate(x, 0, rows, heads, pos0, -1f);
    }

    /** The backward of {@link #apply(float[], int, int, int, int)}: rotates the gradient rows back. */
    public void applyInverse(float[] x, int row0, int rows, int heads, int pos0) {
        rotate(x, row0, rows, heads, pos0, -1f);
    }

    private void rotate(float[] x, int row0, int rows, int heads, int pos0, float sign) {
        float[][] t = table(pos0 + rows);
        // rows are independent: splitting them over threads changes no result
        if ((long) rows * heads * headDim < (1 << 15)) rotateRows(t, x, row0, 0, rows, heads, pos0, sign);
        else Parallel.forRange(rows, (from, to) -> rotateRows(t, x, row0, from, to, heads, pos0, sign));
    }

    private void rotateRows(float[][] table, float[] x, int row0, int from, int to, int heads, int pos0, float sign) {
        int half = headDim / 2;
        float[] cos = table[0], sin = table[1];
        for (int r = from; r < to; r++) {
            int p = (pos0 + r) * half;
            for (int h = 0; h < heads; h++) {
                int o = ((row0 + r) * heads + h) * headDim;
                int i = 0;
                for (; i <= half - L; i += L) {
                    FloatVector a = FloatVector.fromArray(S, x, o + i), b = FloatVector.fromArray(S, x, o + i + half);
                    FloatVector c = FloatVector.fromArray(S, cos, p + i), sn = FloatVector.fromArray(S, sin, p + i).mul(sign);
                    a.mul(c).sub(b.mul(sn)).intoArray(x, o + i);
                    b.mul(c).add(a.mul(sn)).intoArray(x, o + i + half);
                }
                for (; i < half; i++) {
                    float a = x[o + i], b = x[o + i + half], c = cos[p + i], sn = sin[p + i] * sign;
                    x[o + i] = a * c - b * sn;
                    x[o + i + half] = b * c + a * sn;
                }
            }
        }
    }

    /** {cos, sin} of every angle for positions [0, n) at least, [position·half + i]; grown (never shrunk) on demand. */
    private float[][] table(int n) {
        float[][] t = table;
        int half = headDim / 2;
        if (t[0].length >= n * half) return t;
        synchronized (this) {
            t = table;
            if (t[0].length >= n * half) return t;
            int positions = Math.max(n, 2 * (t[0].length / Math.max(1, half)));
            float[] cos = new float[positions * half], sin = new float[positions * half];
            for (int pos = 0; pos < positions; pos++) {
                for (int i = 0; i < half; i++) {
                    float ang = invFreq[i] * (float) pos;
                    cos[pos * half + i] = (float) Math.cos(ang);
                    sin[pos * half + i] = (float) Math.sin(ang);
                }
            }
            table = t = new float[][]{cos, sin};
            return t;
        }
    }

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private volatile float[][] table = {new float[0], new float[0]};
}
