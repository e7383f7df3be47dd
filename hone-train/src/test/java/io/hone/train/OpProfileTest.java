package io.hone.train;

import io.hone.core.model.ModelConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hone bench train --profile}'s table: every op of a LoRA step, named and ordered as first timed. */
class OpProfileTest {
    @Test
    void aLoraStepTimesEveryOpInOrder() {
        ModelConfig c = TinyModels.config(false, true);
        var adapted = PeftAdapter.attach(TinyModels.weights(c, 3), LoraConfig.allLinear(4, 8), 4);
        TrainableModel model = TrainableModel.adapters(c, adapted.weights()).seed(1);
        OpProfile.reset();
        OpProfile.enable(true);
        try {
            model.forwardBackward(TinyModels.batch(c, 6, 2, 9, 1));
        } finally {
            OpProfile.enable(false);
        }
        assertThat(OpProfile.snapshot().keySet()).containsExactly("rmsnorm.fwd", "linear.base.fwd", "lora.fwd", "rope.fwd",
                "attention.fwd", "residual", "swiglu.fwd", "lm_head+ce", "rmsnorm.bwd", "lora.bwd", "linear.base.dx", "swiglu.bwd",
                "attention.bwd", "rope.bwd");
        assertThat(OpProfile.snapshot().values()).allSatisfy(ns -> assertThat(ns).isPositive());
        OpProfile.reset();
    }
}
