package io.hone.train.loop;

import io.hone.train.Param;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OptimizerTest {
    @Test
    void adamwMatchesTheTorchFormulas() {
        Param p = Param.of("w", new float[]{1f, -2f, 0.5f}, 3);
        Param bias = Param.of("b.bias", new float[]{1f}, 1);
        var opt = AdamWOptimizer.of(0.1);
        double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        double[] w = {1, -2, 0.5}, m = new double[3], v = new double[3];
        float[][] grads = {{0.5f, -1f, 2f}, {0.1f, 0.3f, -0.2f}, {-1f, 0f, 1e-3f}};
        for (int t = 1; t <= 3; t++) {
            System.arraycopy(grads[t - 1], 0, p.grad(), 0, 3);
            bias.grad()[0] = 1f;
            opt.step(List.of(p, bias), lr);
            for (int i = 0; i < 3; i++) {
                double g = grads[t - 1][i];
                w[i] *= 1 - lr * 0.1;
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
                w[i] -= lr / (1 - Math.pow(b1, t)) * m[i] / denom;
                assertThat((double) p.value()[i]).isCloseTo(w[i], within(1e-6));
            }
        }
        // no weight decay on biases: three steps of exactly lr (m̂/√v̂ = 1 for a constant gradient)
        assertThat((double) bias.value()[0]).isCloseTo(1 - 3 * lr, within(1e-6));
        assertThat(opt.stepCount()).isEqualTo(3);
        assertThat(opt.state()).containsOnlyKeys("w.exp_avg", "b.bias.exp_avg", "w.exp_avg_sq", "b.bias.exp_avg_sq");

        var copy = AdamWOptimizer.of(0.1);
        copy.load(opt.state(), opt.stepCount());
        Param p2 = Param.of("w", p.value().clone(), 3);
        System.arraycopy(grads[0], 0, p.grad(), 0, 3);
        System.arraycopy(grads[0], 0, p2.grad(), 0, 3);
        opt.step(List.of(p), lr);
        copy.step(List.of(p2), lr);
        assertThat(p2.value()).isEqualTo(p.value());
    }

    @Test
    void clippingFollowsTorch() {
        Param a = Param.of("a", new float[2], 2), b = Param.of("b", new float[1], 1);
        a.grad()[0] = 3;
        a.grad()[1] = 0;
        b.grad()[0] = 4;
        double norm = GradClip.clip(List.of(a, b), 1.0);
        assertThat(norm).isEqualTo(5.0);
        double coef = 1.0 / (5.0 + 1e-6);
        assertThat(a.grad()[0]).isEqualTo((float) (3 * (float) coef));
        assertThat(b.grad()[0]).isEqualTo((float) (4 * (float) coef));
        assertThat(GradClip.clip(List.of(a, b), 10.0)).isCloseTo(1.0, within(1e-6));
        assertThat(a.grad()[0]).isEqualTo((float) (3 * (float) coef)); // under the limit: untouched
    }

    @Test
    void schedulesFollowTransformers() {
        var lin = new LrSchedule(LrSchedule.Kind.LINEAR, 2, 10);
        assertThat(lin.factor(0)).isEqualTo(0.0);
        assertThat(lin.factor(1)).isEqualTo(0.5);
        assertThat(lin.factor(2)).isEqualTo(1.0);
        assertThat(lin.factor(6)).isEqualTo(0.5);
        assertThat(lin.factor(10)).isEqualTo(0.0);
        var cos = new LrSchedule(LrSchedule.Kind.COSINE, 0, 10);
        assertThat(cos.factor(0)).isEqualTo(1.0);
        assertThat(cos.factor(5)).isCloseTo(0.5, within(1e-12));
        assertThat(cos.factor(10)).isCloseTo(0.0, within(1e-12));
        var con = new LrSchedule(LrSchedule.Kind.CONSTANT, 4, 10);
        assertThat(con.factor(1)).isEqualTo(0.25);
        assertThat(con.factor(9)).isEqualTo(1.0);
        assertThat(TrainConfig.defaults().withSteps(100).withSchedule(LrSchedule.Kind.LINEAR, 0.1).warmupSteps(7)).isEqualTo(10);
    }
}
