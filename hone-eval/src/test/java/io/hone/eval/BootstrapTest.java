package io.hone.eval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BootstrapTest {
    @Test
    void ciIsSeededAndAroundTheMean() {
        double[] xs = new double[100];
        for (int i = 0; i < 60; i++) xs[i] = 1;
        Score a = Bootstrap.mean("acc", xs, 1), b = Bootstrap.mean("acc", xs, 1);
        assertThat(a).isEqualTo(b);
        assertThat(a.mean()).isEqualTo(0.6);
        assertThat(a.n()).isEqualTo(100);
        // normal approximation: 0.6 ± 1.96·sqrt(0.24/100) = ±0.096
        assertThat(a.ciLow()).isCloseTo(0.504, within(0.03));
        assertThat(a.ciHigh()).isCloseTo(0.696, within(0.03));
    }

    @Test
    void constantScoresHaveAPointInterval() {
        Score s = Bootstrap.mean("em", new double[]{1, 1, 1, 1}, 0);
        assertThat(s.ciLow()).isEqualTo(1);
        assertThat(s.ciHigh()).isEqualTo(1);
    }

    @Test
    void perplexityIsTheCorpusRatio() {
        // two documents: 2 tokens at log(1/4) each, 2 tokens at log(1/16): ppl = exp(-(2ln(1/4)+2ln(1/16))/4) = 8
        Score s = Bootstrap.ratio("ppl", new double[]{2 * Math.log(0.25), 2 * Math.log(1 / 16.0)}, new double[]{2, 2}, 0, true);
        assertThat(s.mean()).isCloseTo(8, within(1e-9));
        assertThat(s.ciLow()).isGreaterThanOrEqualTo(4 - 1e-9);
        assertThat(s.ciHigh()).isLessThanOrEqualTo(16 + 1e-9);
    }

    @Test
    void pairedDifference() {
        Score d = Bootstrap.difference("Δem", new double[]{0, 0, 1, 0}, new double[]{1, 1, 1, 0}, 3);
        assertThat(d.mean()).isEqualTo(0.5);
        assertThat(d.ciLow()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void percentileInterpolatesLikeNumpy() {
        assertThat(Bootstrap.percentile(new double[]{1, 2, 3, 4}, 50)).isEqualTo(2.5);
        assertThat(Bootstrap.percentile(new double[]{0, 10}, 2.5)).isCloseTo(0.25, within(1e-12));
    }
}
