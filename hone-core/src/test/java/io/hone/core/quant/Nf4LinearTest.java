package io.hone.core.quant;

import io.hone.core.ops.DenseLinear;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The fused kernels equal a DenseLinear holding the dequantized weight. */
class Nf4LinearTest {
    private final SplittableRandom rnd = new SplittableRandom(11);

    @Test
    void forwardAndInputGradientMatchDenseOverTheDequantizedWeight() {
        int[][] shapes = { // rows, out, in
                {1, 64, 64}, {1, 200, 576}, {1, 33, 96}, {1, 7, 5}, {2, 96, 160}, {3, 130, 64}, {4, 64, 1024},
                {5, 64, 64}, {6, 128, 128}, {7, 70, 45}, {13, 257, 129}, {24, 64, 576}, {31, 100, 333},
                {64, 192, 64}, {97, 65, 1000}, {128, 96, 96}};
        QuantConfig[] cfgs = {QuantConfig.QLORA, new QuantConfig(QuantType.NF4, 32, false),
                new QuantConfig(QuantType.FP4, 128, true), new QuantConfig(QuantType.INT4, 4096, false)};
        int i = 0;
        for (int[] s : shapes) {
            QuantConfig cfg = cfgs[i++ % cfgs.length];
            check(s[0], s[1], s[2], cfg, i % 2 == 0);
        }
    }

    @Test
    void rowsOneToFortyOnOneShape() {
        for (int rows = 1; rows <= 40; rows++) check(rows, 80, 192, QuantConfig.QLORA, rows % 3 == 0);
    }

    private void check(int rows, int out, int in, QuantConfig cfg, boolean withBias) {
        float[] w = gaussian(out * in, 0.05), b = withBias ? gaussian(out, 0.1) : null;
        Nf4Linear q = Nf4Linear.quantize(w, b, out, in, cfg);
        DenseLinear d = new DenseLinear(q.weight().dequantize(), b, out, in);
        float[] x = gaussian(rows * in, 1), y = new float[rows * out], ref = new float[rows * out];
        q.forward(x, rows, y);
        d.forward(x, rows, ref);
        assertClose(y, ref, "forward " + rows + "x" + in + " -> " + out + " " + cfg);

        float[] dy = gaussian(rows * out, 1), dx = gaussian(rows * in, 1), dxRef = dx.clone();
        q.backwardInput(dy, rows, dx);
        d.backwardInput(dy, rows, dxRef);
        assertClose(dx, dxRef, "backwardInput " + rows + "x" + out + " -> " + in + " " + cfg);
    }

    private static void assertClose(float[] got, float[] ref, String what) {
        double max = 0, diff = 0;
        for (int i = 0; i < ref.length; i++) {
            max = Math.max(max, Math.abs(ref[i]));
            diff = Math.max(diff, Math.abs(got[i] - ref[i]));
        }
        assertThat(diff).as(what + ": max |diff| %g vs max |ref| %g", diff, max).isLessThanOrEqualTo(1e-5 * max);
    }

    private float[] gaussian(int n, double sd) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rnd.nextGaussian() * sd);
        return a;
    }
}
