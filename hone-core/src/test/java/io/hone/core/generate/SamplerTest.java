package io.hone.core.generate;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SamplerTest {
    static final float NEG = Float.NEGATIVE_INFINITY;

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogitsOncePerToken() {
        float[] l = {2f, -1f, 0.5f, 3f};
        Sampler.applyRepetitionPenalty(l, new int[]{0, 1, 0, 1}, 4, 2f);
        assertThat(l).containsExactly(1f, -2f, 0.5f, 3f);
    }

    @Test
    void topKKeepsTheKLargestAndTies() {
        float[] l = {1f, 5f, 3f, 3f, 0f};
        Sampler.topK(l, 2);
        assertThat(l).containsExactly(NEG, 5f, 3f, 3f, NEG);
    }

    @Test
    void topPDropsTheTailBelowOneMinusP() {
        // probabilities 0.5, 0.25, 0.125, 0.125 (log-space logits)
        float[] l = {(float) Math.log(0.5), (float) Math.log(0.25), (float) Math.log(0.125), (float) Math.log(0.125)};
        Sampler.topP(l, 0.7);
        // ascending cumulative: 0.125, 0.25 (<= 0.3 removed), 0.5 (> 0.3 kept)
        assertThat(l[0]).isFinite();
        assertThat(l[1]).isFinite();
        assertThat(l[2]).isEqualTo(NEG);
        assertThat(l[3]).isEqualTo(NEG);
    }

    @Test
    void topPAlwaysKeepsTheBestToken() {
        float[] l = {10f, 0f, 0f};
        Sampler.topP(l, 0.01);
        assertThat(l[0]).isEqualTo(10f);
        assertThat(l[1]).isEqualTo(NEG);
    }

    @Test
    void greedyIsArgmaxAndSamplingIsSeeded() {
        float[] l = {0.1f, 0.3f, 0.2f};
        assertThat(new Sampler(SamplingConfig.greedy(5)).next(l, new int[0], 0)).isEqualTo(1);
        var cfg = new SamplingConfig(5, 1.0, 0, 1.0, 1.0, 42, List.of(), true);
        int[] a = new int[50], b = new int[50];
        Sampler s1 = new Sampler(cfg), s2 = new Sampler(cfg);
        for (int i = 0; i < 50; i++) {
            a[i] = s1.next(l, new int[0], 0);
            b[i] = s2.next(l, new int[0], 0);
        }
        assertThat(a).isEqualTo(b);
        assertThat(a).contains(0, 1, 2);
    }

    @Test
    void samplingFollowsTheDistribution() {
        float[] l = {(float) Math.log(0.7), (float) Math.log(0.2), (float) Math.log(0.1)};
        Sampler s = new Sampler(new SamplingConfig(1, 1.0, 0, 1.0, 1.0, 3, List.of(), true));
        int[] counts = new int[3];
        for (int i = 0; i < 20000; i++) counts[s.next(l, new int[0], 0)]++;
        assertThat(counts[0] / 20000.0).isBetween(0.68, 0.72);
        assertThat(counts[2] / 20000.0).isBetween(0.09, 0.11);
    }

    @Test
    void topKOneWithTemperatureIsGreedy() {
        float[] l = {0.1f, 0.3f, 0.2f};
        Sampler s = new Sampler(new SamplingConfig(1, 0.7, 1, 1.0, 1.0, 9, List.of(), true));
        for (int i = 0; i < 20; i++) assertThat(s.next(l, new int[0], 0)).isEqualTo(1);
    }

    @Test
    void rejectsInvalidSettings() {
        assertThatThrownBy(() -> new SamplingConfig(1, -1, 0, 1, 1, 0, List.of(), true)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> new SamplingConfig(1, 1, 0, 0, 1, 0, List.of(), true)).hasMessageContaining("top-p");
    }
}
