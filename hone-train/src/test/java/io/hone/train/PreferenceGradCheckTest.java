package io.hone.train;

import io.hone.core.model.LlamaWeights;
import io.hone.core.model.ModelConfig;
import io.hone.train.data.TrainingSequence;
import io.hone.train.pref.PreferenceData;
import io.hone.train.pref.PreferenceLoss;
import io.hone.train.pref.PreferenceObjective;
import io.hone.train.pref.PreferencePair;
import io.hone.train.pref.ReferenceModel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Preference objectives through the whole model: analytic gradients of DPO, IPO and ORPO (two pairs of unequal lengths,
 * padded in one batch) against central differences of the same objective's loss, with LoRA and in full fine-tuning
 * (untied head: the head's gradient goes through the weighted lm_head pass); and a fresh adapter's policy equals the
 * reference (DPO loss log 2).
 */
class PreferenceGradCheckTest {
    private static final float EPS = 1e-2f;
    private static final List<String> ALL = List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");

    @Test
    void loraGradientsOfEachLoss() {
        for (PreferenceLoss loss : PreferenceLoss.values()) {
            ModelConfig c = TinyModels.config(false, true);
            var adapted = PeftAdapter.attach(TinyModels.weights(c, 1), LoraConfig.of(4, 8, ALL), 2);
            TinyModels.randomizeB(adapted.params(), 3);
            var tm = TrainableModel.adapters(c, adapted.weights());
            PreferenceData data = pairs(c, 5);
            double[][] ref = ReferenceModel.logProbs(c, ReferenceModel.withoutAdapters(tm.weights()), data.train(), loss.averaged());
            check(tm, new PreferenceObjective(data, loss, 0.5, loss == PreferenceLoss.SIGMOID ? 0.1 : 0, 0, ref, null), loss.toString());
        }
    }

    @Test
    void fullFinetuneUntiedHead() {
        ModelConfig c = TinyModels.config(false, false);
        var tm = TrainableModel.full(c, TinyModels.weights(c, 31));
        PreferenceData data = pairs(c, 7);
        var ref = ReferenceModel.logProbs(c, tm.weights(), data.train(), false);
        var rnd = new SplittableRandom(4); // move away from the reference so the loss is not at its symmetric point
        for (Param p : tm.params()) for (int i = 0; i < p.value().length; i++) p.value()[i] += (float) (0.05 * rnd.nextGaussian());
        check(tm, new PreferenceObjective(data, PreferenceLoss.SIGMOID, 0.5, 0, 0, ref, null), "full");
    }

    @Test
    void freshAdapterStartsAtTheReference() {
        ModelConfig c = TinyModels.config(true, false);
        LlamaWeights w = TinyModels.weights(c, 41);
        var tm = TrainableModel.adapters(c, PeftAdapter.attach(w, LoraConfig.of(4, 8, ALL), 42).weights()); // B = 0
        PreferenceData data = pairs(c, 43);
        double[][] ref = ReferenceModel.logProbs(c, ReferenceModel.withoutAdapters(tm.weights()), data.train(), false);
        var objective = new PreferenceObjective(data, PreferenceLoss.SIGMOID, 0.1, 0, 0, ref, null);
        var step = objective.step(tm, List.of(0, 1));
        // the training forward (blocked GEMMs, train-mode path) and the eval-mode reference agree to float rounding
        assertThat(step.loss()).isCloseTo(Math.log(2), within(1e-5));
        assertThat(step.metrics().get("rewards/margins")).isCloseTo(0, within(1e-4));
        assertThat(step.metrics().get("logps/chosen")).isCloseTo((ref[0][0] + ref[1][0]) / 2, within(1e-4));
    }

    /** Two pairs sharing a prompt prefix of 3 tokens; completions of different lengths so padding is exercised. */
    private static PreferenceData pairs(ModelConfig c, long seed) {
        var rnd = new SplittableRandom(seed);
        var pairs = List.of(new PreferencePair(example(rnd, c, 3, 4), example(rnd, c, 3, 2)),
                new PreferencePair(example(rnd, c, 2, 3), example(rnd, c, 2, 5)));
        return new PreferenceData(pairs, List.of(), 2, 0);
    }

    private static TrainingSequence example(SplittableRandom rnd, ModelConfig c, int prompt, int completion) {
        int n = prompt + completion;
        int[] ids = new int[n];
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = rnd.nextInt(c.vocabSize());
            labels[i] = i < prompt ? -100 : ids[i];
        }
        return new TrainingSequence(ids, labels);
    }

    private static void check(TrainableModel tm, PreferenceObjective objective, String what) {
        List<Integer> batch = List.of(0, 1);
        tm.zeroGrad();
        double loss = objective.step(tm, batch).loss();
        assertThat(loss).as(what).isFinite();
        var grads = tm.params().stream().map(p -> p.grad().clone()).toList();
        var rnd = new SplittableRandom(99);
        double worst = 0;
        for (int k = 0; k < tm.params().size(); k++) {
            Param p = tm.params().get(k);
            float[] g = grads.get(k);
            int[] idx = {argMaxAbs(g), rnd.nextInt(g.length), rnd.nextInt(g.length)};
            double num2 = 0, diff2 = 0;
            for (int i : idx) {
                float keep = p.value()[i];
                p.value()[i] = keep + EPS;
                double up = lossOnly(tm, objective, batch);
                p.value()[i] = keep - EPS;
                double down = lossOnly(tm, objective, batch);
                p.value()[i] = keep;
                double fd = (up - down) / (2 * EPS);
                num2 += fd * fd;
                diff2 += (fd - g[i]) * (fd - g[i]);
            }
            assertThat(num2).as(what + " " + p.name() + " has a zero numeric gradient").isGreaterThan(0);
            double err = Math.sqrt(diff2 / num2);
            worst = Math.max(worst, err);
            assertThat(err).as(what + " " + p.name() + " analytic vs central differences").isLessThan(5e-3);
        }
        System.out.printf("%s: %d tensors, worst relative error vs central differences %.2e%n", what, tm.params().size(), worst);
    }

    private static double lossOnly(TrainableModel tm, PreferenceObjective objective, List<Integer> batch) {
        double l = objective.step(tm, batch).loss();
        tm.zeroGrad();
        return l;
    }

    private static int argMaxAbs(float[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) if (Math.abs(a[i]) > Math.abs(a[best])) best = i;
        return best;
    }
}
