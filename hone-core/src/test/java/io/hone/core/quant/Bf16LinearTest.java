package io.hone.core.quant;

import io.hone.core.io.Bf16;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static io.hone.core.quant.LinearChecks.assertClose;
import static io.hone.core.quant.LinearChecks.gaussian;
import static org.assertj.core.api.Assertions.assertThat;

/** The fused BF16 kernels compute x·Wᵀ over the exactly widened weight; rows never depend on the call. */
class Bf16LinearTest {
    private final SplittableRandom rnd = new SplittableRandom(5);

    @Test
    void roundingIsTorchsNearestEven() {
        float[] w = {1f, 1.00390625f /* tie: 1 + 2^-8, rounds to even 1.0 */, 1.01171875f /* tie: rounds up to 1.015625 */,
                -3.3f, Float.NaN, 1e-40f, Float.MAX_VALUE};
        Bf16Linear l = Bf16Linear.round(w, null, 1, w.length);
        short[] expected = {(short) 0x3F80, (short) 0x3F80, (short) 0x3F82, Bf16.fromFloat(-3.3f), (short) 0x7FC0,
                Bf16.fromFloat(1e-40f), (short) 0x7F80};
        assertThat(l.weight()).containsExactly(expected);
        assertThat(Bf16.toFloat(Bf16.fromFloat(-3.3f))).isEqualTo(-3.296875f);
    }

    @Test
    void forwardAndInputGradientMatchTheWidenedWeight() {
        int[][] shapes = { // rows, out, in: tails (in % 32 != 0), odd out (the single-row kernel), panels past 64
                {1, 64, 64}, {1, 200, 576}, {1, 33, 96}, {1, 7, 5}, {2, 96, 176}, {3, 130, 64}, {4, 64, 1024},
                {5, 65, 64}, {7, 70, 45}, {13, 257, 129}, {24, 64, 576}, {64, 192, 64}, {97, 65, 1000}};
        int i = 0;
        for (int[] s : shapes) {
            int rows = s[0], out = s[1], in = s[2];
            float[] b = i++ % 2 == 0 ? gaussian(rnd, out, 0.1) : null;
            Bf16Linear l = Bf16Linear.round(gaussian(rnd, out * in, 0.05), b, out, in);
            LinearChecks.assertMatchesDense(l, l.widen(), b, rnd, rows, "");
        }
    }

    @Test
    void rowsDoNotDependOnTheCall() {
        for (int[] s : new int[][]{{9, 64, 64}, {12, 65, 176}, {16, 130, 1000}}) {
            LinearChecks.assertRowsIndependent(Bf16Linear.round(gaussian(rnd, s[1] * s[2], 0.05), null, s[1], s[2]), rnd, s[0]);
        }
    }
}
