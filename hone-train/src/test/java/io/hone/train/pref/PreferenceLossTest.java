package io.hone.train.pref;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Hand-computed values (Python's math module) and central differences of each loss's derivatives. */
class PreferenceLossTest {
    @Test
    void sigmoidByHand() {
        // z = 0.1·((−10 + 12) − (−11 + 11)) = 0.2; −log σ(0.2) = log(1 + e^−0.2)
        var t = PreferenceLoss.SIGMOID.terms(-10, -12, -11, -11, 0.1, 0);
        assertThat(t.loss()).isCloseTo(0.5981388693815918, within(1e-12));
        assertThat(t.chosenReward()).isCloseTo(0.1, within(1e-12));
        assertThat(t.rejectedReward()).isCloseTo(-0.1, within(1e-12));
        // cDPO: 0.9·(−log σ(0.2)) + 0.1·(−log σ(−0.2))
        assertThat(PreferenceLoss.SIGMOID.terms(-10, -12, -11, -11, 0.1, 0.1).loss()).isCloseTo(0.6181388693815918, within(1e-12));
        // equal policy and reference: log 2, whatever β
        assertThat(PreferenceLoss.SIGMOID.terms(-3, -4, -3, -4, 0.5, 0).loss()).isCloseTo(Math.log(2), within(1e-15));
    }

    @Test
    void ipoByHand() {
        // h = (−1 + 1.5) − 0 = 0.5; (0.5 − 1/(2·0.1))² = 4.5² = 20.25; dL/dπc = 2·(0.5 − 5) = −9
        var t = PreferenceLoss.IPO.terms(-1.0, -1.5, -1.2, -1.2, 0.1, 0);
        assertThat(t.loss()).isCloseTo(20.25, within(1e-12));
        assertThat(t.dChosen()).isCloseTo(-9, within(1e-12));
        assertThat(t.dRejected()).isCloseTo(9, within(1e-12));
    }

    @Test
    void orpoByHand() {
        // log-odds = 0.5 − (log(1 − e^−0.5) − log(1 − e^−1)) = 0.9740769841801067; L = −0.1·log σ(log-odds)
        var t = PreferenceLoss.ORPO.terms(-0.5, -1.0, 123, 456, 0.1, 0);
        assertThat(t.loss()).isCloseTo(0.03202997852375365, within(1e-12));
        assertThat(t.chosenReward()).isCloseTo(-0.05, within(1e-12));
    }

    @Test
    void derivativesMatchCentralDifferences() {
        double[][] cases = {{-10, -12, -11, -11}, {-3.2, -2.9, -3.0, -3.1}, {-0.05, -2.5, -0.3, -1.0}, {-40, -41, -35, -45}};
        for (PreferenceLoss loss : PreferenceLoss.values()) {
            for (double[] c : cases) {
                double beta = 0.3, eps = loss == PreferenceLoss.SIGMOID ? 0.1 : 0, h = 1e-6;
                var t = loss.terms(c[0], c[1], c[2], c[3], beta, eps);
                double dc = (loss.terms(c[0] + h, c[1], c[2], c[3], beta, eps).loss() - loss.terms(c[0] - h, c[1], c[2], c[3], beta, eps).loss()) / (2 * h);
                double dr = (loss.terms(c[0], c[1] + h, c[2], c[3], beta, eps).loss() - loss.terms(c[0], c[1] - h, c[2], c[3], beta, eps).loss()) / (2 * h);
                assertThat(t.dChosen()).as(loss + " dL/dπc at " + java.util.Arrays.toString(c)).isCloseTo(dc, within(1e-6 * (1 + Math.abs(dc))));
                assertThat(t.dRejected()).as(loss + " dL/dπr at " + java.util.Arrays.toString(c)).isCloseTo(dr, within(1e-6 * (1 + Math.abs(dr))));
            }
        }
    }

    @Test
    void stableFarFromZero() {
        assertThat(PreferenceLoss.SIGMOID.terms(0, -2000, 0, 0, 1, 0).loss()).isCloseTo(0, within(1e-300));
        assertThat(PreferenceLoss.SIGMOID.terms(-2000, 0, 0, 0, 1, 0).loss()).isCloseTo(2000, within(1e-9));
        assertThat(PreferenceLoss.ORPO.terms(-1e-9, -50, 0, 0, 0.1, 0).loss()).isFinite();
    }
}
