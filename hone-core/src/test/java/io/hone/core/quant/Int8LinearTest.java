package io.hone.core.quant;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static io.hone.core.quant.LinearChecks.assertClose;
import static io.hone.core.quant.LinearChecks.gaussian;
import static org.assertj.core.api.Assertions.assertThat;

/** Q8_0-style quantization by hand-made examples; the fused kernels against a scalar reference; row independence. */
class Int8LinearTest {
    private final SplittableRandom rnd = new SplittableRandom(9);

    @Test
    void groupsQuantizeAsQ8Zero() {
        // one row of 6 in groups of 4: group 0 absmax 2.54 -> d = 0.02; group 1 (2 values) is all zero
        float[] w = {2.54f, -1.27f, 0.01f, -0.03f, 0f, 0f};
        Q8Tensor t = Q8Tensor.quantize(w, 1, 6, 4);
        assertThat(t.scales()).containsExactly(2.54f / 127f, 0f);
        // -1.27 / d is exactly -63.5 in float: a half, away from zero (Java's Math.round would give -63)
        assertThat(-1.27f * (1f / (2.54f / 127f))).isEqualTo(-63.5f);
        assertThat(t.q()).containsExactly((byte) 127, (byte) -64, (byte) 1, (byte) -2, (byte) 0, (byte) 0);
        assertThat(t.get(0, 1)).isEqualTo(t.q()[1] * t.scales()[0]);
        assertThat(Q8Tensor.roundHalfAway(2.5f)).isEqualTo(3);
        assertThat(Q8Tensor.roundHalfAway(-2.5f)).isEqualTo(-3);
        assertThat(Q8Tensor.roundHalfAway(0.49999997f)).isEqualTo(0);
        assertThat(Q8Tensor.roundHalfAway(-126.5f)).isEqualTo(-127);
    }

    @Test
    void dequantizationErrorIsAtMostHalfAStep() {
        float[] w = gaussian(rnd, 8 * 100, 1);
        Q8Tensor t = Q8Tensor.quantize(w, 8, 100, 32);
        float[] back = t.dequantize();
        for (int i = 0; i < w.length; i++) {
            float d = t.scale(i / 100, (i % 100) / 32);
            assertThat((double) Math.abs(back[i] - w[i])).as("value %d", i).isLessThanOrEqualTo(0.5 * d * (1 + 1e-5));
        }
    }

    @Test
    void forwardAndInputGradientMatchTheDequantizedWeight() {
        int[][] shapes = { // rows, out, in, group: partial last groups, groups narrower than a vector (scalar path)
                {1, 64, 64, 32}, {1, 200, 576, 32}, {1, 33, 96, 32}, {1, 7, 5, 32}, {2, 96, 176, 32}, {3, 130, 64, 64},
                {4, 64, 1024, 32}, {5, 65, 64, 8}, {7, 70, 45, 32}, {13, 257, 129, 16}, {24, 64, 576, 32},
                {64, 192, 64, 32}, {97, 65, 1000, 32}};
        int i = 0;
        for (int[] s : shapes) {
            int rows = s[0], out = s[1], in = s[2];
            float[] b = i++ % 2 == 0 ? gaussian(rnd, out, 0.1) : null;
            Int8Linear l = Int8Linear.quantize(gaussian(rnd, out * in, 0.05), b, out, in, s[3]);
            LinearChecks.assertMatchesDense(l, l.weight().dequantize(), b, rnd, rows, " g" + s[3]);
        }
    }

    @Test
    void rowsDoNotDependOnTheCall() {
        for (int[] s : new int[][]{{9, 64, 64}, {12, 65, 176}, {16, 130, 1000}}) {
            LinearChecks.assertRowsIndependent(Int8Linear.quantize(gaussian(rnd, s[1] * s[2], 0.05), null, s[1], s[2], 32), rnd, s[0]);
        }
    }
}
