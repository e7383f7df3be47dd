package io.hone.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised FP32 helpers for a transformer forward. All are single-threaded, in place where named so,
 * and deterministic: sums use a fixed order that depends only on the length (vector lanes, then the lanes
 * added in index order, then the tail), and exp is a polynomial built from plain IEEE operations, so
 * results are bit-identical whether the JIT has compiled the code or not.
 */
public final class VectorOps {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorOps() {}

    public static float dot(float[] x, float[] y) {
        return dot(x, 0, y, 0, sameLength(x.length, y.length));
    }

    /** sum_i x[xOff+i]·y[yOff+i] with four vector accumulators (added 0+1, 2+3, then together). */
    public static float dot(float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (; i <= n - 4 * L; i += 4 * L) {
            s0 = FloatVector.fromArray(S, x, xOff + i).fma(FloatVector.fromArray(S, y, yOff + i), s0);
            s1 = FloatVector.fromArray(S, x, xOff + i + L).fma(FloatVector.fromArray(S, y, yOff + i + L), s1);
            s2 = FloatVector.fromArray(S, x, xOff + i + 2 * L).fma(FloatVector.fromArray(S, y, yOff + i + 2 * L), s2);
            s3 = FloatVector.fromArray(S, x, xOff + i + 3 * L).fma(FloatVector.fromArray(S, y, yOff + i + 3 * L), s3);
        }
        for (; i <= n - L; i += L) s0 = FloatVector.fromArray(S, x, xOff + i).fma(FloatVector.fromArray(S, y, yOff + i), s0);
        float s = sumLanes(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) s = Math.fma(x[xOff + i], y[yOff + i], s);
        return s;
    }

    public static void axpy(float a, float[] x, float[] y) {
        axpy(a, x, 0, y, 0, sameLength(x.length, y.length));
    }

    /** y[yOff+i] += a·x[xOff+i] (one fma per element). */
    public static void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector av = FloatVector.broadcast(S, a);
        int i = 0;
        for (; i <= n - L; i += L) {
            av.fma(FloatVector.fromArray(S, x, xOff + i), FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] = Math.fma(a, x[xOff + i], y[yOff + i]);
    }

    public static void scale(float[] x, float s) {
        scale(x, 0, x.length, s);
    }

    /** x[off+i] *= s. */
    public static void scale(float[] x, int off, int n, float s) {
        int i = 0;
        for (; i <= n - L; i += L) FloatVector.fromArray(S, x, off + i).mul(s).intoArray(x, off + i);
        for (; i < n; i++) x[off + i] *= s;
    }

    public static void add(float[] y, float[] x) {
        add(y, 0, x, 0, sameLength(y.length, x.length));
    }

    /** y[yOff+i] += x[xOff+i]. */
    public static void add(float[] y, int yOff, float[] x, int xOff, int n) {
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector.fromArray(S, y, yOff + i).add(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] += x[xOff + i];
    }

    /**
     * RMSNorm of each row of x ([rows, dim] with dim = weight.length) into out (may be x), as
     * transformers' LlamaRMSNorm in fp32: x · (1/sqrt(mean(x²) + eps)) · w.
     */
    public static void rmsnorm(float[] out, float[] x, float[] weight, float eps) {
        int dim = weight.length;
        if (dim == 0 || x.length % dim != 0 || out.length < x.length)
            throw new IllegalArgumentException("rmsnorm: x length " + x.length + " is not rows x " + dim + " or out is shorter (" + out.length + ")");
        rmsnorm(out, 0, x, 0, weight, x.length / dim, eps);
    }

    public static void rmsnorm(float[] out, int outOff, float[] x, int xOff, float[] weight, int rows, float eps) {
        int dim = weight.length;
        for (int r = 0; r < rows; r++) {
            int xo = xOff + r * dim, oo = outOff + r * dim;
            float inv = (float) (1.0 / Math.sqrt(sumSquares(x, xo, dim) / dim + eps));
            int i = 0;
            for (; i <= dim - L; i += L) {
                FloatVector.fromArray(S, x, xo + i).mul(inv).mul(FloatVector.fromArray(S, weight, i)).intoArray(out, oo + i);
            }
            for (; i < dim; i++) out[oo + i] = x[xo + i] * inv * weight[i];
        }
    }

    private static float sumSquares(float[] x, int off, int n) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0;
        int i = 0;
        for (; i <= n - 2 * L; i += 2 * L) {
            FloatVector a = FloatVector.fromArray(S, x, off + i), b = FloatVector.fromArray(S, x, off + i + L);
            s0 = a.fma(a, s0);
            s1 = b.fma(b, s1);
        }
        for (; i <= n - L; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, off + i);
            s0 = a.fma(a, s0);
        }
        float s = sumLanes(s0.add(s1));
        for (; i < n; i++) s = Math.fma(x[off + i], x[off + i], s);
        return s;
    }

    /** max of x[off .. off+len); -inf when empty. Exact: the order of comparisons does not matter. */
    public static float max(float[] x, int off, int len) {
        float max = Float.NEGATIVE_INFINITY;
        int i = 0;
        if (len >= L) {
            FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (; i <= len - L; i += L) m = m.max(FloatVector.fromArray(S, x, off + i));
            max = m.reduceLanes(VectorOperators.MAX);
        }
        for (; i < len; i++) max = Math.max(max, x[off + i]);
        return max;
    }

    public static void siluMul(float[] out, float[] gate, float[] up) {
        siluMul(out, 0, gate, 0, up, 0, sameLength(gate.length, up.length));
    }

    /** out[i] = silu(gate[i]) · up[i] with silu(g) = g / (1 + exp(-g)); out may alias gate or up. */
    public static void siluMul(float[] out, int outOff, float[] gate, int gOff, float[] up, int uOff, int n) {
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector g = FloatVector.fromArray(S, gate, gOff + i);
            g.div(exp(g.neg()).add(1f)).mul(FloatVector.fromArray(S, up, uOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            float g = gate[gOff + i];
            out[outOff + i] = g / (1f + exp(-g)) * up[uOff + i];
        }
    }

    // exp by range reduction x = n·ln2 + r and a degree-6 polynomial (Cephes expf), within ~2 ulp.
    private static final float LOG2E = 1.44269504088896341f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;
    private static final float ROUND = 12582912f; // 1.5·2^23: adding and subtracting it rounds to an integer
    private static final float LO = -87.33654f, HI = 88.37626f;

    /** e^x for each lane; 0 below about -87.3 (no subnormals), +inf above about 88.4, NaN stays NaN. */
    public static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(LO).min(HI);
        FloatVector n = c.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUND)).sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), c);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(FloatVector.broadcast(S, P0), FloatVector.broadcast(S, P1));
        p = p.fma(r, FloatVector.broadcast(S, P2));
        p = p.fma(r, FloatVector.broadcast(S, P3));
        p = p.fma(r, FloatVector.broadcast(S, P4));
        p = p.fma(r, FloatVector.broadcast(S, P5));
        p = p.fma(r.mul(r), r).add(1f);
        IntVector bits = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        FloatVector y = p.mul(bits.reinterpretAsFloats());
        y = y.blend(0f, x.compare(VectorOperators.LT, LO));
        return y.blend(x, x.compare(VectorOperators.NE, x)); // NaN in, NaN out
    }

    /** Scalar twin of {@link #exp(FloatVector)}: the same operations in the same order, so the same bits. */
    public static float exp(float x) {
        if (x != x) return x;
        if (x < LO) return 0f;
        float c = Math.min(x, HI);
        float n = Math.fma(c, LOG2E, ROUND) - ROUND;
        float r = Math.fma(n, -LN2_HI, c);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(r, P0, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        p = Math.fma(p, r * r, r) + 1f;
        return p * Float.intBitsToFloat(((int) n + 127) << 23);
    }

    // Lane rotations by 8, 4, 2, 1 for sumLanes (constants, so C2 compiles rearrange to one permute).
    private static final VectorShuffle<Float> R8 = rotation(8), R4 = rotation(4), R2 = rotation(2), R1 = rotation(1);

    private static VectorShuffle<Float> rotation(int d) {
        return VectorShuffle.fromOp(S, j -> (j + d) & (L - 1));
    }

    /**
     * Sum of the lanes as a fixed pairwise tree (lane j += lane j + L/2, then j + L/4, ...), unlike
     * reduceLanes whose order is left to the implementation.
     */
    public static float sumLanes(FloatVector v) {
        if (L > 16) throw new UnsupportedOperationException("vectors of more than 16 floats");
        if (L == 16) v = v.add(v.rearrange(R8));
        if (L >= 8) v = v.add(v.rearrange(R4));
        if (L >= 4) v = v.add(v.rearrange(R2));
        if (L >= 2) v = v.add(v.rearrange(R1));
        return v.lane(0);
    }

    private static int sameLength(int a, int b) {
        if (a != b) throw new IllegalArgumentException("length mismatch: " + a + " vs " + b);
        return a;
    }
}
