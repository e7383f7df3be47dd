package io.hone.train;

import io.hone.core.model.LayerWeights;
import io.hone.core.model.LlamaWeights;
import io.hone.core.ops.DenseLinear;
import io.hone.core.quant.Nf4Linear;
import io.hone.core.quant.QuantConfig;
import io.hone.core.quant.QuantizeModel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** QLoRA = LoRA over an NF4 base: the same gradients as LoRA over a dense layer holding the dequantized weight. */
class QloraGradTest {
    @Test
    void loraLayerOverNf4EqualsLoraOverTheDequantizedDenseWeight() {
        var rnd = new SplittableRandom(3);
        int rows = 9, in = 96, out = 80, r = 4;
        float[] w = TinyModels.random(rnd, out * in, 0.1), bias = TinyModels.random(rnd, out, 0.1);
        Nf4Linear nf4 = Nf4Linear.quantize(w, bias, out, in, QuantConfig.QLORA);
        DenseLinear dense = new DenseLinear(nf4.weight().dequantize(), bias, out, in);
        float[] a = TinyModels.random(rnd, r * in, 0.2), b = TinyModels.random(rnd, out * r, 0.2);
        var q = new LoraLinear("m", nf4, a.clone(), b.clone(), r, 2f, 0);
        var d = new LoraLinear("m", dense, a.clone(), b.clone(), r, 2f, 0);
        float[] x = TinyModels.random(rnd, rows * in, 1), dy = TinyModels.random(rnd, rows * out, 1);
        float[] yq = new float[rows * out], yd = new float[rows * out], dxq = new float[rows * in], dxd = new float[rows * in];
        q.backward(q.forwardTrain(x, rows, yq, 1), x, dy, rows, dxq);
        d.backward(d.forwardTrain(x, rows, yd, 1), x, dy, rows, dxd);
        assertRel("y", yq, yd);
        assertRel("dx", dxq, dxd);
        assertRel("dA", q.a().grad(), d.a().grad());
        assertRel("dB", q.b().grad(), d.b().grad());
    }

    @Test
    void wholeModelAdapterGradientsOverNf4() {
        var cfg = TinyModels.config(false, true);
        LlamaWeights quantized = QuantizeModel.quantize(TinyModels.weights(cfg, 7), new QuantConfig(io.hone.core.quant.QuantType.NF4, 64, true));
        LayerWeights[] dense = quantized.layers().clone();
        for (int l = 0; l < dense.length; l++) {
            for (String m : LayerWeights.MODULES) {
                Nf4Linear n = (Nf4Linear) dense[l].module(m);
                dense[l] = dense[l].with(m, new DenseLinear(n.weight().dequantize(), n.bias(), n.outFeatures(), n.inFeatures()));
            }
        }
        LlamaWeights dequantized = new LlamaWeights(quantized.embed(), dense, quantized.finalNorm(), quantized.lmHead());
        LoraConfig lc = LoraConfig.of(4, 8, List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"));
        var aq = PeftAdapter.attach(quantized, lc, 11);
        var ad = PeftAdapter.attach(dequantized, lc, 11);
        TinyModels.randomizeB(aq.params(), 5);
        TinyModels.randomizeB(ad.params(), 5);
        int[] ids = {1, 4, 9, 16, 25, 36, 3, 8, 13, 21, 34, 5};
        long[] labels = new long[ids.length];
        for (int i = 0; i < ids.length; i++) labels[i] = i % 6 < 2 ? -100 : ids[i];
        var batch = new Batch(ids, labels, 2, 6);
        double lq = TrainableModel.adapters(cfg, aq.weights()).forwardBackward(batch);
        double ld = TrainableModel.adapters(cfg, ad.weights()).forwardBackward(batch);
        assertThat(lq).isCloseTo(ld, org.assertj.core.data.Offset.offset(1e-5 * Math.abs(ld)));
        for (int i = 0; i < aq.params().size(); i++) assertRel(aq.params().get(i).name(), aq.params().get(i).grad(), ad.params().get(i).grad());
    }

    private static void assertRel(String what, float[] got, float[] ref) {
        double num = 0, den = 0;
        for (int i = 0; i < ref.length; i++) {
            num += (double) (got[i] - ref[i]) * (got[i] - ref[i]);
            den += (double) ref[i] * ref[i];
        }
        assertThat(Math.sqrt(num / Math.max(den, 1e-30))).as(what).isLessThanOrEqualTo(1e-5);
    }
}
