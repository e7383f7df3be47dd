package io.hone.train;

import io.hone.core.model.LlamaWeights;
import io.hone.core.model.ModelConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-model central differences on a tiny random model: d(loss)/dθ for a few entries of every trainable tensor,
 * with LoRA adapters and in full fine-tuning (tied embeddings: embedding and head share one gradient).
 */
class ModelGradCheckTest {
    private static final float EPS = 1e-2f;

    @Test
    void loraParams() {
        ModelConfig c = TinyModels.config(false, true);
        LlamaWeights w = TinyModels.weights(c, 1);
        var adapted = PeftAdapter.attach(w, LoraConfig.of(4, 8, List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")), 2);
        TinyModels.randomizeB(adapted.params(), 3);
        check(TrainableModel.adapters(c, adapted.weights()), TinyModels.batch(c, 4, 2, 7, 2), 4);
    }

    @Test
    void rsloraOnSomeLayers() {
        ModelConfig c = TinyModels.config(true, false);
        LlamaWeights w = TinyModels.weights(c, 11);
        var cfg = LoraConfig.matching(2, 4, "model\\.layers\\.1\\.(self_attn\\.v_proj|mlp\\.up_proj)").withRslora(true).withInit("gaussian");
        var adapted = PeftAdapter.attach(w, cfg, 12);
        assertThat(adapted.params()).hasSize(4);
        TinyModels.randomizeB(adapted.params(), 13);
        check(TrainableModel.adapters(c, adapted.weights()), TinyModels.batch(c, 14, 2, 6, 1), 4);
    }

    @Test
    void fullFinetuneTiedWithBiases() {
        ModelConfig c = TinyModels.config(true, true);
        var tm = TrainableModel.full(c, TinyModels.weights(c, 21));
        assertThat(tm.params().stream().map(Param::name)).contains("model.embed_tokens.weight", "model.norm.weight",
                "model.layers.0.self_attn.q_proj.bias", "model.layers.1.mlp.down_proj.weight").doesNotContain("lm_head.weight");
        check(tm, TinyModels.batch(c, 22, 2, 6, 2), 3);
    }

    @Test
    void fullFinetuneUntied() {
        ModelConfig c = TinyModels.config(false, false);
        var tm = TrainableModel.full(c, TinyModels.weights(c, 31));
        assertThat(tm.params().stream().map(Param::name)).contains("lm_head.weight");
        check(tm, TinyModels.batch(c, 32, 1, 8, 3), 3);
    }

    /** For each tensor, compares {@code perTensor} entries (the largest gradient and random ones) to central differences. */
    private static void check(TrainableModel tm, Batch batch, int perTensor) {
        tm.zeroGrad();
        double loss = tm.forwardBackward(batch);
        assertThat(loss).isCloseTo(tm.loss(batch), org.assertj.core.data.Offset.offset(1e-6));
        var rnd = new SplittableRandom(99);
        double worst = 0;
        for (Param p : tm.params()) {
            int[] idx = new int[perTensor];
            idx[0] = argMaxAbs(p.grad());
            for (int i = 1; i < perTensor; i++) idx[i] = rnd.nextInt(p.value().length);
            double num2 = 0, diff2 = 0;
            for (int i : idx) {
                float keep = p.value()[i];
                p.value()[i] = keep + EPS;
                double up = tm.loss(batch);
                p.value()[i] = keep - EPS;
                double down = tm.loss(batch);
                p.value()[i] = keep;
                double fd = (up - down) / (2 * EPS);
                num2 += fd * fd;
                diff2 += (fd - p.grad()[i]) * (fd - p.grad()[i]);
            }
            assertThat(num2).as(p.name() + " has a zero numeric gradient").isGreaterThan(0);
            double err = Math.sqrt(diff2 / num2);
            worst = Math.max(worst, err);
            assertThat(err).as(p.name() + " analytic vs central differences").isLessThan(5e-3);
        }
        System.out.printf("%d tensors, worst relative error vs central differences %.2e%n", tm.params().size(), worst);
    }

    private static int argMaxAbs(float[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) if (Math.abs(a[i]) > Math.abs(a[best])) best = i;
        return best;
    }
}
