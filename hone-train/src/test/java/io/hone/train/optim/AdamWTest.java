package io.hone.train.optim;

import io.hone.core.HoneException;
import io.hone.train.Param;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class AdamWTest {
    @Test
    void twoStepsByHand() {
        // p = 1, lr 0.1, wd 0.01. Step 1, g = 0.5: m = 0.05, v = 2.5e-4, m̂ = 0.5, v̂ = 0.25,
        // p = 1·(1 − 0.001) − 0.1·0.5/(0.5 + 1e-8) = 0.899 (+2e-9).
        Param p = Param.of("w", new float[]{1f}, 1);
        var opt = AdamW.of(List.of(p), 0.1, 0.01);
        p.grad()[0] = 0.5f;
        opt.step();
        assertThat((double) p.value()[0]).isCloseTo(0.899, offset(1e-7));
        // Step 2, g = −0.25: m = 0.02, v = 3.1225e-4, m̂ = 0.02/0.19, v̂ = 3.1225e-4/0.001999,
        // p = 0.899·0.999 − 0.1·m̂/(√v̂ + 1e-8) = 0.871467...
        p.grad()[0] = -0.25f;
        opt.step();
        double mHat = 0.02 / 0.19, vHat = 3.1225e-4 / (1 - 0.999 * 0.999);
        double expected = 0.899 * 0.999 - 0.1 * mHat / (Math.sqrt(vHat) + 1e-8);
        assertThat((double) p.value()[0]).isCloseTo(expected, offset(2e-7));
        assertThat(expected).isCloseTo(0.871467, offset(1e-6));
        assertThat(opt.steps()).isEqualTo(2);
    }

    @Test
    void weightDecayIsDecoupledFromTheGradient() {
        // zero gradient: the moments stay 0, so only p·(1 − lr·wd) acts
        Param p = Param.of("w", new float[]{2f, -4f}, 2);
        var opt = AdamW.of(List.of(p), 0.5, 0.1);
        opt.step();
        assertThat(p.value()).containsExactly(1.9f, -3.8f);
    }

    @Test
    void lrFactorScalesEveryGroupAndLoraPlusRaisesB() {
        Param a = Param.of("x.lora_A.weight", new float[]{1f, 1f}, 1, 2);
        Param b = Param.of("x.lora_B.weight", new float[]{1f, 1f}, 2, 1);
        Param m = Param.of("x.lora_magnitude_vector", new float[]{1f}, 1);
        var groups = ParamGroup.loraPlus(List.of(a, b, m), 0.01, 0, 16);
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).params()).containsExactly(a);
        assertThat(groups.get(1).params()).containsExactly(b, m);
        assertThat(groups.get(1).lr()).isEqualTo(0.16);
        for (Param p : List.of(a, b, m)) java.util.Arrays.fill(p.grad(), 1f);
        new AdamW(groups, 0.9, 0.999, 0).step(0.5);
        // first Adam step moves every element by lr·factor (m̂/√v̂ = 1 when eps = 0)
        assertThat(a.value()[0]).isCloseTo(1f - 0.005f, offset(1e-6f));
        assertThat(b.value()[0]).isCloseTo(1f - 0.08f, offset(1e-6f));
        assertThat(m.value()[0]).isCloseTo(1f - 0.08f, offset(1e-6f));
    }

    @Test
    void stateRoundTripResumesBitForBit() {
        float[] g1 = {0.3f, -1.2f, 0.01f}, g2 = {-0.7f, 0.2f, 0.5f};
        Param p = Param.of("w", new float[]{0.5f, 0.1f, -2f}, 3);
        var opt = AdamW.of(List.of(p), 1e-2, 0.01);
        System.arraycopy(g1, 0, p.grad(), 0, 3);
        opt.step();
        OptimizerState saved = opt.state();
        assertThat(saved.step()).isEqualTo(1);
        assertThat(saved.tensors()).containsOnlyKeys("w.exp_avg", "w.exp_avg_sq");
        Param q = Param.of("w", p.value().clone(), 3);
        var resumed = AdamW.of(List.of(q), 1e-2, 0.01);
        resumed.load(saved);
        System.arraycopy(g2, 0, p.grad(), 0, 3);
        System.arraycopy(g2, 0, q.grad(), 0, 3);
        opt.step();
        resumed.step();
        assertThat(q.value()).containsExactly(p.value());
    }

    @Test
    void loadRejectsForeignState() {
        Param p = Param.of("w", new float[2], 2);
        var opt = AdamW.of(List.of(p), 1e-3, 0);
        var t = new HashMap<String, float[]>();
        t.put("w.exp_avg", new float[2]);
        assertThatThrownBy(() -> opt.load(new OptimizerState(3, t))).isInstanceOf(HoneException.class)
                .hasMessage("optimizer state has no tensor 'w.exp_avg_sq'");
        t.put("w.exp_avg_sq", new float[3]);
        assertThatThrownBy(() -> opt.load(new OptimizerState(3, t)))
                .hasMessage("optimizer state tensor 'w.exp_avg_sq' has 3 values, expected 2");
    }

    @Test
    void gradClipMatchesTorch() {
        Param a = Param.of("a", new float[2], 2), b = Param.of("b", new float[1], 1);
        a.grad()[0] = 3f;
        a.grad()[1] = 0f;
        b.grad()[0] = 4f;
        double norm = GradClip.clipGlobalNorm(List.of(a, b), 1.0);
        assertThat(norm).isEqualTo(5.0);
        float coef = 1f / (5f + 1e-6f);
        assertThat(a.grad()[0]).isEqualTo(3f * coef);
        assertThat(b.grad()[0]).isEqualTo(4f * coef);
        assertThat(GradClip.globalNorm(List.of(a, b))).isCloseTo(1.0, offset(1e-6));
        // below the bound nothing changes
        assertThat(GradClip.clipGlobalNorm(List.of(a, b), 10)).isCloseTo(1.0, offset(1e-6));
        assertThat(b.grad()[0]).isEqualTo(4f * coef);
    }

    @Test
    void trainingGroupsKeepBiasesAndNormsOutOfWeightDecay() {
        Param w = Param.of("layers.0.q_proj.weight", new float[4], 2, 2);
        Param bias = Param.of("layers.0.q_proj.bias", new float[2], 2);
        Param norm = Param.of("layers.0.input_layernorm.weight", new float[2], 2);
        var groups = ParamGroup.forTraining(List.of(w, bias, norm), 1e-3, 0.1, 1);
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).params()).containsExactly(w);
        assertThat(groups.get(0).weightDecay()).isEqualTo(0.1);
        assertThat(groups.get(1).params()).containsExactly(bias, norm);
        assertThat(groups.get(1).weightDecay()).isZero();
        assertThat(AdamW.forTraining(List.of(w, bias, norm), 1e-3, 0.1, 1).groups()).isEqualTo(groups);
    }
}
