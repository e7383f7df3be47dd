package io.hone.core.quant;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Nf4TensorTest {
    private static final float[] NF4 = QuantType.NF4.code();

    @Test
    void packsTheEvenElementIntoTheHighNibble() {
        // one block of 32 with absmax 2: element i is 2 * code[q[i]]
        int[] q = {15, 0, 7, 13, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 14, 0, 15, 7, 7, 9, 1, 15, 15, 0, 0, 8, 6, 3, 12, 2, 11};
        float[] w = new float[32];
        for (int i = 0; i < 32; i++) w[i] = 2f * NF4[q[i]];
        Nf4Tensor t = Nf4Tensor.quantize(w, 4, 8, new QuantConfig(QuantType.NF4, 32, false));
        assertThat(t.packed()).hasSize(16);
        assertThat(t.packed()[0]).isEqualTo((byte) 0xF0);
        assertThat(t.packed()[1]).isEqualTo((byte) 0x7D);
        assertThat(t.packed()[2]).isEqualTo((byte) 0x12);
        for (int i = 0; i < 16; i++) assertThat(t.packed()[i] & 0xFF).isEqualTo(q[2 * i] << 4 | q[2 * i + 1]);
        assertThat(t.absmax()).containsExactly(2f);
        assertThat(t.dequantize()).containsExactly(w);
    }

    @Test
    void oddCountPadsTheLastLowNibbleWithTheCodeOfZero() {
        float[] w = {1f, -1f, 0.5f};
        Nf4Tensor t = Nf4Tensor.quantize(w, 1, 3, new QuantConfig(QuantType.NF4, 64, false));
        assertThat(t.packed()).containsExactly((byte) 0xF0, (byte) ((QuantType.NF4.quantize(0.5f) << 4) | 7));
        Nf4Tensor zero = Nf4Tensor.quantize(new float[3], 1, 3, new QuantConfig(QuantType.NF4, 64, false));
        // an all-zero block scales by 1/0: NaN takes code 0 (-1.0) in bitsandbytes' tree and dequantizes to -0.0
        assertThat(zero.packed()).containsExactly((byte) 0x00, (byte) 0x00);
        assertThat(zero.dequantize()).containsOnly(-0f);
    }

    @Test
    void nf4RoundsToTheNearestCodeAndTiesGoDown() {
        for (int k = 0; k < 16; k++) assertThat(QuantType.NF4.quantize(NF4[k])).isEqualTo(k);
        assertThat(QuantType.NF4.quantize(0.03979014977812767f)).isEqualTo(7);
        assertThat(QuantType.NF4.quantize(Math.nextUp(0.03979014977812767f))).isEqualTo(8);
        assertThat(QuantType.NF4.quantize(-0.8480964004993439f)).isEqualTo(0);
        assertThat(QuantType.NF4.quantize(Math.nextUp(-0.8480964004993439f))).isEqualTo(1);
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 100_000; i++) {
            float x = (float) (rnd.nextDouble() * 2 - 1);
            int q = QuantType.NF4.quantize(x);
            for (float c : NF4) assertThat(Math.abs(x - NF4[q])).isLessThanOrEqualTo(Math.abs(x - c) + 1e-7f);
        }
    }

    @Test
    void fp4IsSignMagnitudeE2M1() {
        float[] c = QuantType.FP4.code();
        assertThat(c[0b0011]).isEqualTo(1f);
        assertThat(c[0b0010]).isEqualTo(8f / 12f);
        assertThat(c[0b0001]).isEqualTo(0.0625f / 12f);
        assertThat(c[0b1011]).isEqualTo(-1f);
        assertThat(QuantType.FP4.quantize(1f)).isEqualTo(0b0011);
        assertThat(QuantType.FP4.quantize(-1f)).isEqualTo(0b1011);
        assertThat(QuantType.FP4.quantize(0.5f)).isEqualTo(0b0101);
        assertThat(QuantType.FP4.quantize(-0f)).isEqualTo(0);
        assertThat(QuantType.FP4.quantize(0.29166667f)).isEqualTo(0b0111); // threshold between 3/12 and 4/12: lower
        SplittableRandom rnd = new SplittableRandom(2);
        for (int i = 0; i < 100_000; i++) {
            float x = (float) (rnd.nextDouble() * 2 - 1);
            int q = QuantType.FP4.quantize(x);
            for (float v : c) assertThat(Math.abs(x - c[q])).isLessThanOrEqualTo(Math.abs(x - v) + 1e-6f);
        }
    }

    @Test
    void dequantizedErrorIsBoundedByHalfTheWidestGap() {
        SplittableRandom rnd = new SplittableRandom(3);
        int rows = 37, cols = 129; // odd: blocks straddle rows, last block partial
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) w[i] = (float) rnd.nextGaussian();
        for (QuantType type : QuantType.values()) {
            float[] c = type.code();
            java.util.Arrays.sort(c);
            float gap = 0;
            for (int i = 1; i < 16; i++) gap = Math.max(gap, c[i] - c[i - 1]);
            for (int bs : new int[]{32, 64, 256, 4096}) {
                Nf4Tensor t = Nf4Tensor.quantize(w, rows, cols, new QuantConfig(type, bs, false));
                float[] d = t.dequantize();
                for (int i = 0; i < w.length; i++) {
                    float absmax = t.scale(i / bs);
                    assertThat(Math.abs(d[i] - w[i])).as("%s bs %d at %d", type, bs, i).isLessThanOrEqualTo(gap / 2 * absmax * 1.0001f);
                }
            }
        }
    }

    @Test
    void dynamicMapIsBitsandbytesSignedMap() {
        float[] m = DynamicMap.signed();
        assertThat(m).hasSize(256);
        for (int i = 1; i < 256; i++) assertThat(m[i]).isGreaterThan(m[i - 1]);
        assertThat(m[0]).isEqualTo(-0.992968738079071f);
        assertThat(m[127]).isEqualTo(0f);
        assertThat(m[254]).isEqualTo(0.992968738079071f);
        assertThat(m[255]).isEqualTo(1f);
        assertThat(m[128]).isEqualTo(5.5000004e-07f);
        assertThat(m[200]).isEqualTo(0.23359374701976776f);
        // entries whose last bit depends on torch's linspace vector width (values from a float32 model of torch)
        assertThat(m[6]).isEqualTo(-0.9085937142372131f);
        assertThat(DynamicMap.build(8)[6]).isEqualTo(-0.9085937738418579f);
        long sum = 0;
        for (float v : m) sum += Float.floatToRawIntBits(v);
        assertThat(sum).isEqualTo(-10154226082L);
        for (int i = 0; i < 256; i++) assertThat(DynamicMap.quantize(m, m[i])).isEqualTo(i);
        SplittableRandom rnd = new SplittableRandom(4);
        for (int i = 0; i < 20_000; i++) {
            float x = (float) (rnd.nextDouble() * 2 - 1);
            int q = DynamicMap.quantize(m, x);
            for (float v : m) assertThat(Math.abs(x - m[q])).isLessThanOrEqualTo(Math.abs(x - v));
        }
    }

    @Test
    void doubleQuantReconstructsAbsmaxClosely() {
        SplittableRandom rnd = new SplittableRandom(5);
        int rows = 300, cols = 256; // 1200 blocks of 64 -> 5 nested blocks, the last partial
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) w[i] = (float) (rnd.nextGaussian() * (1 + (i / cols) % 7));
        Nf4Tensor plain = Nf4Tensor.quantize(w, rows, cols, new QuantConfig(QuantType.NF4, 64, false));
        Nf4Tensor dq = Nf4Tensor.quantize(w, rows, cols, QuantConfig.QLORA);
        assertThat(dq.packed()).containsExactly(plain.packed());
        float[] exact = plain.absmax(), decoded = dq.scales();
        DoubleQuant n = dq.nested();
        assertThat(n.scales()).hasSize(5);
        double sumRel = 0;
        for (int i = 0; i < exact.length; i++) {
            float scale = n.scales()[i / DoubleQuant.BLOCK];
            // the dynamic map's widest step below 1 is 0.9/64: at most half of it times the nested scale
            assertThat(Math.abs(decoded[i] - exact[i])).isLessThanOrEqualTo(0.9f / 64 / 2 * scale * 1.001f);
            sumRel += Math.abs(decoded[i] - exact[i]) / exact[i];
        }
        System.out.printf("double quant: mean relative absmax error %.5f%n", sumRel / exact.length);
        assertThat(sumRel / exact.length).isLessThan(0.01);
    }

    @Test
    void bitsPerParameter() {
        int rows = 2048, cols = 2048;
        float[] w = new float[rows * cols];
        SplittableRandom rnd = new SplittableRandom(6);
        for (int i = 0; i < w.length; i++) w[i] = (float) rnd.nextGaussian();
        double dq = Nf4Tensor.quantize(w, rows, cols, QuantConfig.QLORA).bitsPerParameter();
        double plain = Nf4Tensor.quantize(w, rows, cols, new QuantConfig(QuantType.NF4, 64, false)).bitsPerParameter();
        System.out.printf("bits/param at 2048x2048: NF4+DQ %.4f, NF4 %.4f, int8 %.4f%n", dq, plain,
                Int8Tensor.quantize(w, rows, cols).bitsPerParameter());
        // 4 + 8/64 + 32/(64*256) = 4.1270, plus the 256-value nested map and the code book (0.002 here)
        assertThat(dq).isBetween(4.1269, 4.1295);
        assertThat(plain).isBetween(4.5, 4.5002);
    }

    @Test
    void rejectsBadBlockSizes() {
        assertThatThrownBy(() -> new QuantConfig(QuantType.NF4, 48, false)).hasMessageContaining("power of two in 32..4096");
        assertThatThrownBy(() -> new QuantConfig(QuantType.NF4, 8192, false)).hasMessageContaining("got 8192");
    }
}
