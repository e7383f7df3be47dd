package io.hone.train;

import io.hone.core.model.LlamaWeights;
import io.hone.core.model.ModelConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** Gradient checkpointing recomputes each block in backward and must give bit-identical gradients and loss. */
class CheckpointingTest {
    @Test
    void loraWithDropoutSameGradients() {
        ModelConfig c = TinyModels.config(false, true);
        LlamaWeights w = TinyModels.weights(c, 7);
        var cfg = LoraConfig.allLinear(4, 8).withDropout(0.2);
        var adapted = PeftAdapter.attach(w, cfg, 8);
        TinyModels.randomizeB(adapted.params(), 9);
        same(on -> TrainableModel.adapters(c, adapted.weights()).checkpointing(on).seed(77), TinyModels.batch(c, 10, 3, 9, 2));
    }

    @Test
    void doraSameGradients() {
        ModelConfig c = TinyModels.config(false, true);
        var adapted = PeftAdapter.attach(TinyModels.weights(c, 17), LoraConfig.of(2, 4, List.of("q_proj", "o_proj", "down_proj")).withDora(true), 18);
        TinyModels.randomizeB(adapted.params(), 19);
        same(on -> TrainableModel.adapters(c, adapted.weights()).checkpointing(on), TinyModels.batch(c, 20, 2, 8, 1));
    }

    @Test
    void fullFinetuneSameGradients() {
        ModelConfig c = TinyModels.config(true, true);
        LlamaWeights w = TinyModels.weights(c, 27);
        same(on -> TrainableModel.full(c, w).checkpointing(on), TinyModels.batch(c, 28, 2, 8, 1));
    }

    private static void same(Function<Boolean, TrainableModel> make, Batch batch) {
        TrainableModel plain = make.apply(false);
        plain.zeroGrad();
        double loss = plain.forwardBackward(batch);
        List<float[]> grads = new ArrayList<>();
        for (Param p : plain.params()) grads.add(p.grad().clone());

        TrainableModel ckpt = make.apply(true);
        ckpt.zeroGrad();
        assertThat(ckpt.forwardBackward(batch)).isEqualTo(loss);
        for (int i = 0; i < grads.size(); i++) {
            Param p = ckpt.params().get(i);
            assertThat(p.grad()).as(p.name()).containsExactly(grads.get(i));
            assertThat(p.grad()).as(p.name() + " is all zero").isNotEqualTo(new float[p.grad().length]);
        }
    }
}
