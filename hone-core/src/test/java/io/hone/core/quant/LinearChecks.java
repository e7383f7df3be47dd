package io.hone.core.quant;

import io.hone.core.kernel.Gemm;
import io.hone.core.ops.Linear;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks shared by the BF16 and INT8 layer tests: a double-precision reference, and rows that never depend on the call. */
final class LinearChecks {
    private LinearChecks() {}

    static float[] gaussian(SplittableRandom rnd, int n, double sd) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rnd.nextGaussian() * sd);
        return a;
    }

    /** y = x·Wᵀ + b summed in double over the weight the layer stands for. */
    static float[] reference(float[] w, float[] b, float[] x, int rows, int out, int in) {
        float[] y = new float[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < out; j++) {
                double s = b == null ? 0 : b[j];
                for (int p = 0; p < in; p++) s += (double) x[r * in + p] * w[j * in + p];
                y[r * out + j] = (float) s;
            }
        }
        return y;
    }

    /** dx += dy·W in double. */
    static float[] referenceInputGrad(float[] w, float[] dy, float[] dx, int rows, int out, int in) {
        float[] g = dx.clone();
        for (int r = 0; r < rows; r++) {
            for (int p = 0; p < in; p++) {
                double s = dx[r * in + p];
                for (int j = 0; j < out; j++) s += (double) dy[r * out + j] * w[j * in + p];
                g[r * in + p] = (float) s;
            }
        }
        return g;
    }

    /** max |got − ref| ≤ 1e-5 · max |ref| (the bound the NF4 kernels are held to). */
    static void assertClose(float[] got, float[] ref, String what) {
        double max = 0, diff = 0;
        for (int i = 0; i < ref.length; i++) {
            max = Math.max(max, Math.abs(ref[i]));
            diff = Math.max(diff, Math.abs(got[i] - ref[i]));
        }
        assertThat(diff).as(what + ": max |diff| %g vs max |ref| %g", diff, max).isLessThanOrEqualTo(1e-5 * max);
    }

    /**
     * {@code l}'s forward on every row path and its input gradient equal the dense reference over {@code w} (its weight
     * widened or dequantized) and {@code b}, on {@code rows} random rows; {@code tag} is added to the forward messages.
     */
    static void assertMatchesDense(Linear l, float[] w, float[] b, SplittableRandom rnd, int rows, String tag) {
        int out = l.outFeatures(), in = l.inFeatures();
        float[] x = gaussian(rnd, rows * in, 1);
        float[] ref = reference(w, b, x, rows, out, in);
        for (Gemm.Rows path : new Gemm.Rows[]{null, Gemm.Rows.FEW, Gemm.Rows.MANY}) {
            assertClose(forward(l, path, x, rows), ref, "forward " + path + " " + rows + "x" + in + " -> " + out + tag);
        }
        float[] dy = gaussian(rnd, rows * out, 1), dx = gaussian(rnd, rows * in, 1);
        float[] dxRef = referenceInputGrad(w, dy, dx, rows, out, in);
        l.backwardInput(dy, rows, dx);
        assertClose(dx, dxRef, "backwardInput " + rows + "x" + out + " -> " + in);
    }

    static float[] forward(Linear l, Gemm.Rows path, float[] x, int rows) {
        float[] y = new float[rows * l.outFeatures()];
        if (path == null) l.forward(x, rows, y);
        else ScopedValue.where(Gemm.ROWS, path).run(() -> l.forward(x, rows, y));
        return y;
    }

    /** Under each pinned path, every row of a many-row call has the bits that row gets alone. */
    static void assertRowsIndependent(Linear l, SplittableRandom rnd, int rows) {
        int in = l.inFeatures(), out = l.outFeatures();
        float[] x = gaussian(rnd, rows * in, 1);
        for (Gemm.Rows path : new Gemm.Rows[]{Gemm.Rows.FEW, Gemm.Rows.MANY}) {
            float[] together = forward(l, path, x, rows);
            for (int r = 0; r < rows; r++) {
                float[] alone = forward(l, path, Arrays.copyOfRange(x, r * in, (r + 1) * in), 1);
                assertThat(Arrays.copyOfRange(together, r * out, (r + 1) * out))
                        .as("%s row %d of %d (%dx%d)", path, r, rows, out, in).containsExactly(alone);
            }
        }
    }
}
