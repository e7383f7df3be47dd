package io.hone.train.pref;

import io.hone.core.HoneException;

import java.util.Locale;

/**
 * The preference losses of one (chosen, rejected) pair, as TRL computes them ({@code DPOTrainer.dpo_loss},
 * {@code ORPOTrainer.odds_ratio_loss}), with their derivatives in the policy's sequence log-probabilities.
 *
 * <ul>
 *   <li>{@link #SIGMOID} (DPO, Rafailov et al.): z = β·((πc − πr) − (ρc − ρr)) over summed log-probs,
 *       L = −(1−ε)·log σ(z) − ε·log σ(−z) (ε = label smoothing, cDPO).</li>
 *   <li>{@link #IPO} (Azar et al.): h = (πc − πr) − (ρc − ρr) over per-token mean log-probs, L = (h − 1/(2β))².</li>
 *   <li>{@link #ORPO} (Hong et al.): no reference; over per-token mean log-probs pc, pr,
 *       log-odds = (pc − pr) − (log(1 − e^pc) − log(1 − e^pr)), L = −β·log σ(log-odds); the trainer adds the NLL of the
 *       chosen completions.</li>
 * </ul>
 * Rewards as TRL logs them: DPO/IPO β·(π − ρ) per completion, ORPO β·p.
 */
public enum PreferenceLoss {
    SIGMOID, IPO, ORPO;

    /** One pair's loss, dL/dπc, dL/dπr, and the implicit rewards of the two completions. */
    public record Terms(double loss, double dChosen, double dRejected, double chosenReward, double rejectedReward) {}

    public static PreferenceLoss parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "sigmoid", "dpo" -> SIGMOID;
            case "ipo" -> IPO;
            case "orpo" -> ORPO;
            default -> throw new HoneException("unknown preference loss '" + s + "' (expected sigmoid, ipo or orpo)");
        };
    }

    /** Whether sequence log-probs are per-token means (IPO, ORPO) rather than sums (DPO). */
    public boolean averaged() {
        return this != SIGMOID;
    }

    /** Whether a reference model's log-probs enter the loss (not ORPO). */
    public boolean needsReference() {
        return this != ORPO;
    }

    /**
     * @param pc, pr policy log-probs of the chosen and rejected completion (sums, or means when {@link #averaged()})
     * @param rc, rr the reference model's (ignored by ORPO)
     */
    public Terms terms(double pc, double pr, double rc, double rr, double beta, double labelSmoothing) {
        return switch (this) {
            case SIGMOID -> {
                double z = beta * ((pc - pr) - (rc - rr));
                double loss = -(1 - labelSmoothing) * logSigmoid(z) - labelSmoothing * logSigmoid(-z);
                double dz = -(1 - labelSmoothing) * sigmoid(-z) + labelSmoothing * sigmoid(z);
                yield new Terms(loss, beta * dz, -beta * dz, beta * (pc - rc), beta * (pr - rr));
            }
            case IPO -> {
                double h = (pc - pr) - (rc - rr), d = h - 1 / (2 * beta);
                yield new Terms(d * d, 2 * d, -2 * d, beta * (pc - rc), beta * (pr - rr));
            }
            case ORPO -> {
                double logOdds = logOdds(pc, pr);
                double dOdds = -beta * sigmoid(-logOdds);
                // d/dp [p − log(1 − e^p)] = 1 + e^p/(1 − e^p) = 1/(1 − e^p) = −1/expm1(p)
                yield new Terms(-beta * logSigmoid(logOdds), dOdds * -1 / Math.expm1(pc), dOdds / Math.expm1(pr), beta * pc, beta * pr);
            }
        };
    }

    /** ORPO's log odds ratio of the chosen over the rejected completion, from their per-token mean log-probs. */
    public static double logOdds(double pc, double pr) {
        return (pc - pr) - (log1mExp(pc) - log1mExp(pr));
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    /** log σ(x) without overflow: min(x, 0) − log1p(e^−|x|), as torch's logsigmoid. */
    public static double logSigmoid(double x) {
        return Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** log(1 − e^p) for p < 0 (a log-probability), exact near 0 and far below it. */
    static double log1mExp(double p) {
        return p > -0.693 ? Math.log(-Math.expm1(p)) : Math.log1p(-Math.exp(p));
    }
}
