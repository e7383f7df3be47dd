package io.hone.core.kernel;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class VectorOpsTest {
    private static final int[] LENGTHS = {0, 1, 2, 15, 16, 17, 31, 63, 64, 65, 100, 1000};

    private static float[] random(Random r, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextGaussian() * scale);
        return x;
    }

    @Test
    void dotMatchesDouble() {
        Random r = new Random(1);
        for (int n : LENGTHS) {
            float[] x = random(r, n + 5, 1), y = random(r, n + 9, 1);
            double want = 0, mag = 0;
            for (int i = 0; i < n; i++) {
                want += (double) x[3 + i] * y[7 + i];
                mag += Math.abs((double) x[3 + i] * y[7 + i]);
            }
            assertThat((double) VectorOps.dot(x, 3, y, 7, n)).as("n=%d", n).isCloseTo(want, offset(1e-6 * mag + 1e-30));
        }
        assertThat(VectorOps.dot(new float[] {1, 2, 3}, new float[] {4, 5, 6})).isEqualTo(32f);
        assertThatThrownBy(() -> VectorOps.dot(new float[2], new float[3])).hasMessage("length mismatch: 2 vs 3");
    }

    @Test
    void axpyScaleAddAreElementwiseExact() {
        Random r = new Random(2);
        for (int n : LENGTHS) {
            float[] x = random(r, n + 2, 1), y = random(r, n + 4, 1), y0 = y.clone();
            VectorOps.axpy(0.37f, x, 2, y, 1, n);
            for (int i = 0; i < y.length; i++) {
                float want = i >= 1 && i < 1 + n ? Math.fma(0.37f, x[2 + i - 1], y0[i]) : y0[i];
                assertThat(y[i]).isEqualTo(want);
            }
            float[] z = y.clone();
            VectorOps.scale(z, 1, n, -1.5f);
            for (int i = 0; i < z.length; i++) assertThat(z[i]).isEqualTo(i >= 1 && i < 1 + n ? y[i] * -1.5f : y[i]);
            float[] w = y.clone();
            VectorOps.add(w, 1, x, 0, n);
            for (int i = 0; i < w.length; i++) assertThat(w[i]).isEqualTo(i >= 1 && i < 1 + n ? y[i] + x[i - 1] : y[i]);
        }
    }

    @Test
    void rmsnormMatchesLlamaFormula() {
        Random r = new Random(3);
        for (int dim : new int[] {1, 15, 16, 17, 64, 576, 1000}) {
            int rows = 3;
            float[] x = random(r, rows * dim, 2), w = random(r, dim, 1), out = new float[rows * dim];
            VectorOps.rmsnorm(out, x, w, 1e-5f);
            for (int row = 0; row < rows; row++) {
                double ss = 0;
                for (int i = 0; i < dim; i++) ss += (double) x[row * dim + i] * x[row * dim + i];
                double inv = 1 / Math.sqrt(ss / dim + 1e-5);
                for (int i = 0; i < dim; i++) {
                    double want = x[row * dim + i] * inv * w[i];
                    assertThat((double) out[row * dim + i]).isCloseTo(want, offset(1e-6 * Math.abs(want) + 1e-7));
                }
            }
            VectorOps.rmsnorm(x, x, w, 1e-5f); // in place
            assertThat(x).containsExactly(out);
        }
        assertThatThrownBy(() -> VectorOps.rmsnorm(new float[5], new float[5], new float[2], 1e-5f))
                .hasMessageContaining("x length 5 is not rows x 2");
    }

    @Test
    void softmaxSumsToOneAndMatchesDouble() {
        Random r = new Random(4);
        for (int n : LENGTHS) {
            if (n == 0) continue;
            float[] x = random(r, n + 3, 8);
            if (n > 2) x[4] = Float.NEGATIVE_INFINITY;
            float[] orig = x.clone();
            Softmax.softmaxInPlace(x, 2, n);
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int i = 0; i < n; i++) max = Math.max(max, orig[2 + i]);
            for (int i = 0; i < n; i++) sum += Math.exp(orig[2 + i] - max);
            for (int i = 0; i < n; i++) {
                double want = Math.exp(orig[2 + i] - max) / sum;
                // x - max is rounded to float first: a relative error of about |x - max|·2^-24 is inherent
                double tol = want == 0 ? 0 : (1e-6 + Math.abs(orig[2 + i] - max) * 1.2e-7) * want;
                assertThat((double) x[2 + i]).as("n=%d i=%d", n, i).isCloseTo(want, offset(tol));
            }
            assertThat(x[0]).isEqualTo(orig[0]);
            assertThat(x[n + 2]).isEqualTo(orig[n + 2]);
        }
        float[] big = {1000f, 1000f, -1000f};
        Softmax.softmaxInPlace(big, 0, 3);
        assertThat(big).containsExactly(0.5f, 0.5f, 0f);
    }

    @Test
    void siluMulMatchesDouble() {
        Random r = new Random(5);
        for (int n : LENGTHS) {
            float[] g = random(r, n, 6), u = random(r, n, 1), out = new float[n];
            if (n > 3) {
                g[0] = 100f;
                g[1] = -100f;
                g[2] = -200f;
            }
            VectorOps.siluMul(out, g, u);
            for (int i = 0; i < n; i++) {
                double want = g[i] / (1 + Math.exp(-(double) g[i])) * u[i];
                assertThat((double) out[i]).as("g=%s", g[i]).isCloseTo(want, offset(1e-6 * Math.abs(want) + 1e-30));
            }
            VectorOps.siluMul(g, g, u); // in place
            assertThat(g).containsExactly(out);
        }
    }

    @Test
    void expIsAccurateAndVectorEqualsScalar() {
        var s = FloatVector.SPECIES_PREFERRED;
        Random r = new Random(6);
        float[] xs = new float[s.length() * 4000];
        for (int i = 0; i < xs.length; i++) xs[i] = (float) (r.nextDouble() * 180 - 90);
        xs[0] = 0f;
        xs[1] = Float.NEGATIVE_INFINITY;
        xs[2] = Float.NaN;
        xs[3] = -87f;
        xs[4] = 88f;
        xs[5] = 1e-8f;
        for (int i = 0; i < xs.length; i += s.length()) {
            float[] v = new float[s.length()];
            VectorOps.exp(FloatVector.fromArray(s, xs, i)).intoArray(v, 0);
            for (int l = 0; l < v.length; l++) {
                float x = xs[i + l];
                assertThat(Float.floatToRawIntBits(v[l])).as("x=%s", x).isEqualTo(Float.floatToRawIntBits(VectorOps.exp(x)));
                double want = Math.exp(x);
                if (x < -87.33654f) assertThat(v[l]).isEqualTo(0f);
                else if (want < Float.MAX_VALUE / 2) assertThat((double) v[l]).as("x=%s", x).isCloseTo(want, offset(3e-7 * want));
            }
        }
        assertThat(VectorOps.exp(0f)).isEqualTo(1f);
        assertThat(VectorOps.exp(Float.NaN)).isNaN();
    }
}
