package io.hone.train;

import io.hone.core.model.ModelConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Activation buffers are reused across steps: a repeated step, or one after another batch shape, gives the same bits. */
class BufferReuseTest {
    @Test
    void repeatedStepsAndShapeChangesGiveIdenticalGradients() {
        ModelConfig c = TinyModels.config(false, true);
        var adapted = PeftAdapter.attach(TinyModels.weights(c, 3), LoraConfig.allLinear(4, 8).withDropout(0.1), 4);
        TinyModels.randomizeB(adapted.params(), 5);
        Batch a = TinyModels.batch(c, 6, 2, 9, 1), b = TinyModels.batch(c, 7, 3, 5, 0);

        // step 1 on batch a after step 0 on a (same buffers), after step 0 on b (new shape), and with checkpointing
        // switched on after step 0 (new buffers): same dropout masks (step 1), so the same bits
        TrainableModel sameShape = TrainableModel.adapters(c, adapted.weights()).seed(11);
        step(sameShape, a);
        Step reused = step(sameShape, a);
        TrainableModel otherShape = TrainableModel.adapters(c, adapted.weights()).seed(11);
        step(otherShape, b);
        Step expected = step(otherShape, a);
        TrainableModel toggled = TrainableModel.adapters(c, adapted.weights()).seed(11);
        step(toggled, b);
        toggled.checkpointing(true);
        Step ckpt = step(toggled, a);
        for (Step s : List.of(reused, ckpt)) {
            assertThat(s.loss).isEqualTo(expected.loss);
            for (int i = 0; i < s.grads.size(); i++) assertThat(s.grads.get(i)).containsExactly(expected.grads.get(i));
        }
    }

    private record Step(double loss, List<float[]> grads) {}

    private static Step step(TrainableModel m, Batch batch) {
        m.zeroGrad();
        double loss = m.forwardBackward(batch);
        List<float[]> g = new ArrayList<>();
        for (Param p : m.params()) g.add(p.grad().clone());
        return new Step(loss, g);
    }
}
