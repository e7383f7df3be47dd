package io.hone.train.rl;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** GRPO's advantages and per-token loss on hand-computed cases, and the derivative against central differences. */
class GrpoLossTest {
    @Test
    void advantagesAreNormalisedWithinEachGroup() {
        // group 1: rewards 1,0,0,1: mean 0.5, unbiased std √(4·0.25/3) = 0.5773502691896258 → ±0.5/(std + 1e-4)
        // group 2: all 0.7: std 0 → advantages 0 (the 1e-4 keeps the division finite)
        double[] a = GrpoLoss.advantages(new double[] {1, 0, 0, 1, 0.7, 0.7, 0.7, 0.7}, 4);
        double expected = 0.5 / (0.5773502691896258 + 1e-4);
        assertThat(a).containsExactly(new double[] {expected, -expected, -expected, expected, 0, 0, 0, 0}, within(1e-12));
        assertThat(GrpoLoss.groupStd(new double[] {1, 0, 0, 1, 0.7, 0.7, 0.7, 0.7}, 4)).containsExactly(new double[] {0.5773502691896258, 0}, within(1e-12));
        assertThatThrownBy(() -> GrpoLoss.advantages(new double[] {1, 2, 3}, 2)).hasMessageContaining("do not form groups of 2");
    }

    @Test
    void clippedObjectiveByHand() {
        // ratio e^{ln 1.5} = 1.5, A = +1, ε = 0.2: min(1.5, 1.2) = 1.2 → loss −1.2, the clip holds, no gradient
        var t = GrpoLoss.token(Math.log(1.5), 0, 0, 1, 0.2, 0.2, 0);
        assertThat(t.loss()).isCloseTo(-1.2, within(1e-12));
        assertThat(t.clipped()).isTrue();
        assertThat(t.dLogp()).isZero();
        // ratio 0.5, A = +1: min(0.5, 0.8) = 0.5 → loss −0.5, unclipped: dℓ/dlog π = −ρ·A = −0.5
        t = GrpoLoss.token(Math.log(0.5), 0, 0, 1, 0.2, 0.2, 0);
        assertThat(t.loss()).isCloseTo(-0.5, within(1e-12));
        assertThat(t.dLogp()).isCloseTo(-0.5, within(1e-12));
        // ratio 0.5, A = −1: min(−0.5, −0.8) = −0.8 → loss 0.8, clipped
        t = GrpoLoss.token(Math.log(0.5), 0, 0, -1, 0.2, 0.2, 0);
        assertThat(t.loss()).isCloseTo(0.8, within(1e-12));
        assertThat(t.clipped()).isTrue();
        // clip-higher: ratio 1.25 with ε_high 0.28 is inside the range
        assertThat(GrpoLoss.token(Math.log(1.25), 0, 0, 1, 0.2, 0.28, 0).loss()).isCloseTo(-1.25, within(1e-12));
    }

    @Test
    void onPolicyTokenWithKlByHand() {
        // π_old = π: ratio 1; log π = −1, log π_ref = −1.5, β = 0.04, A = 0.3:
        // k3 = e^{−0.5} + 0.5 − 1 = 0.10653065971263342; ℓ = −0.3 + 0.04·k3; dℓ/dlog π = −0.3 + 0.04·(1 − e^{−0.5})
        var t = GrpoLoss.token(-1, -1, -1.5, 0.3, 0.2, 0.2, 0.04);
        assertThat(t.kl()).isCloseTo(0.10653065971263342, within(1e-15));
        assertThat(t.loss()).isCloseTo(-0.3 + 0.04 * 0.10653065971263342, within(1e-15));
        assertThat(t.dLogp()).isCloseTo(-0.3 + 0.04 * (1 - Math.exp(-0.5)), within(1e-15));
    }

    @Test
    void derivativeMatchesCentralDifferencesOffTheClip() {
        double[][] cases = {{-1.0, -1.1, -0.7, 0.8}, {-2.0, -1.9, -2.5, -0.4}, {-0.3, -0.3, -0.1, 1.3}};
        for (double[] c : cases) {
            double h = 1e-6;
            var t = GrpoLoss.token(c[0], c[1], c[2], c[3], 0.2, 0.2, 0.1);
            double fd = (GrpoLoss.token(c[0] + h, c[1], c[2], c[3], 0.2, 0.2, 0.1).loss()
                    - GrpoLoss.token(c[0] - h, c[1], c[2], c[3], 0.2, 0.2, 0.1).loss()) / (2 * h);
            assertThat(t.clipped()).isFalse();
            assertThat(t.dLogp()).isCloseTo(fd, within(1e-7));
        }
    }
}
