package io.hone.core.quant;

import io.hone.core.io.SafetensorsModelFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quantize→dequantize RMSE on N(0,1) and on the fixture models' decoder projections (the numbers in
 * hone-core/README.md, section quant). RMSE of the fixture weights is relative to their RMS.
 */
class QuantErrorStudyTest {
    static final Path FIXTURES = Bnb4bitCheckpointTest.FIXTURES;

    @Test
    void nf4BeatsFp4AndInt4AtTheSameBlockSize() {
        SplittableRandom rnd = new SplittableRandom(42);
        float[] gauss = new float[1 << 20];
        for (int i = 0; i < gauss.length; i++) gauss[i] = (float) rnd.nextGaussian();
        List<String> sources = new ArrayList<>(List.of("N(0,1)"));
        List<float[]> data = new ArrayList<>(List.of(gauss));
        for (String model : List.of("tiny-llama", "tiny-qwen2", "tiny-llama3-rope")) {
            try (var ck = SafetensorsModelFiles.open(FIXTURES.resolve(model))) {
                int total = 0;
                List<float[]> ws = new ArrayList<>();
                for (String k : ck.names()) {
                    if (Bnb4bitWriter.PROJECTION.matcher(k).matches()) {
                        float[] w = ck.floats(k);
                        ws.add(w);
                        total += w.length;
                    }
                }
                float[] all = new float[total];
                int o = 0;
                for (float[] w : ws) {
                    System.arraycopy(w, 0, all, o, w.length);
                    o += w.length;
                }
                sources.add(model);
                data.add(all);
            }
        }
        System.out.println("| data | NF4 b64 | FP4 b64 | int4 b64 | NF4 b64+DQ | NF4 b256 | int8 absmax/64 |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int s = 0; s < sources.size(); s++) {
            float[] x = data.get(s);
            double rms = rms(x);
            int cols = 64, rows = x.length / cols;
            double nf4 = err(x, rows, cols, new QuantConfig(QuantType.NF4, 64, false)) / rms;
            double fp4 = err(x, rows, cols, new QuantConfig(QuantType.FP4, 64, false)) / rms;
            double int4 = err(x, rows, cols, new QuantConfig(QuantType.INT4, 64, false)) / rms;
            double nf4dq = err(x, rows, cols, QuantConfig.QLORA) / rms;
            double nf4b256 = err(x, rows, cols, new QuantConfig(QuantType.NF4, 256, false)) / rms;
            double int8 = rmse(x, Int8Tensor.quantize(x, rows, cols).dequantize()) / rms;
            System.out.printf("| %s | %.4f | %.4f | %.4f | %.4f | %.4f | %.5f |%n", sources.get(s), nf4, fp4, int4, nf4dq, nf4b256, int8);
            assertThat(nf4).as(sources.get(s)).isLessThan(fp4).isLessThan(int4);
            assertThat(nf4dq).isLessThan(nf4 * 1.01);
            assertThat(int8).isLessThan(nf4);
        }
    }

    private static double err(float[] x, int rows, int cols, QuantConfig cfg) {
        return rmse(x, Nf4Tensor.quantize(x, rows, cols, cfg).dequantize());
    }

    static double rmse(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) (a[i] - b[i]) * (a[i] - b[i]);
        return Math.sqrt(s / a.length);
    }

    static double rms(float[] a) {
        double s = 0;
        for (float v : a) s += (double) v * v;
        return Math.sqrt(s / a.length);
    }
}
