package io.hone.train.rl;

/**
 * GRPO's loss (Shao et al., DeepSeekMath) as TRL's {@code GRPOTrainer} computes it with {@code loss_type="dapo"}:
 * group-normalised advantages, the clipped policy-ratio objective per completion token, an optional k3 KL estimate to
 * the reference, and token-level normalisation over all completion tokens of the batch (DAPO, Yu et al.: every token
 * weighs the same, so long completions are not down-weighted as in the original per-sequence mean).
 *
 * <pre>
 *   A_i   = (r_i − mean_g r) / (std_g r + 1e-4)                    (std unbiased, as torch.std)
 *   ρ_t   = exp(log π(t) − log π_old(t))
 *   ℓ_t   = −min(ρ_t·A_i, clip(ρ_t, 1−ε_low, 1+ε_high)·A_i) + β·(exp(log π_ref − log π) − (log π_ref − log π) − 1)
 *   L     = Σ_t ℓ_t / (number of completion tokens in the batch)
 * </pre>
 * With one update per batch of rollouts (TRL's default {@code num_iterations=1}, what hone runs) π_old is π itself,
 * detached: ρ = 1, the clip is inactive and dℓ/dlog π = −A + β·(1 − exp(log π_ref − log π)).
 */
public final class GrpoLoss {
    private GrpoLoss() {}

    /** One token's loss, its derivative in log π, its KL estimate and whether the clip was the active branch. */
    public record Token(double loss, double dLogp, double kl, boolean clipped) {}

    /** Advantages of {@code rewards} laid out as consecutive groups of {@code groupSize} completions of one prompt. */
    public static double[] advantages(double[] rewards, int groupSize) {
        double[] mean = groupMean(rewards, groupSize), std = groupStd(rewards, groupSize, mean);
        double[] a = new double[rewards.length];
        for (int i = 0; i < rewards.length; i++) a[i] = (rewards[i] - mean[i / groupSize]) / (std[i / groupSize] + 1e-4);
        return a;
    }

    /** Unbiased standard deviation within each group, for logging ({@code frac_reward_zero_std}). */
    public static double[] groupStd(double[] rewards, int groupSize) {
        return groupStd(rewards, groupSize, groupMean(rewards, groupSize));
    }

    private static double[] groupMean(double[] rewards, int groupSize) {
        if (groupSize < 2 || rewards.length % groupSize != 0) {
            throw new IllegalArgumentException(rewards.length + " rewards do not form groups of " + groupSize + " (at least 2)");
        }
        double[] mean = new double[rewards.length / groupSize];
        for (int g = 0; g < mean.length; g++) {
            for (int i = 0; i < groupSize; i++) mean[g] += rewards[g * groupSize + i];
            mean[g] /= groupSize;
        }
        return mean;
    }

    private static double[] groupStd(double[] rewards, int groupSize, double[] mean) {
        double[] std = new double[mean.length];
        for (int g = 0; g < mean.length; g++) {
            double var = 0;
            for (int i = 0; i < groupSize; i++) {
                double d = rewards[g * groupSize + i] - mean[g];
                var += d * d;
            }
            std[g] = Math.sqrt(var / (groupSize - 1));
        }
        return std;
    }

    /**
     * One completion token's un-normalised term (the caller divides loss and derivative by the token count).
     *
     * @param refLogp the reference's log-prob; ignored when {@code beta} is 0
     */
    public static Token token(double logp, double oldLogp, double refLogp, double advantage, double epsLow, double epsHigh, double beta) {
        double ratio = Math.exp(logp - oldLogp);
        double clippedRatio = Math.min(Math.max(ratio, 1 - epsLow), 1 + epsHigh);
        double unclipped = ratio * advantage, clipped = clippedRatio * advantage;
        boolean clipActive = clipped < unclipped;
        double loss = -Math.min(unclipped, clipped);
        // d(−ρ·A)/dlog π = −ρ·A on the unclipped branch; the clipped branch is constant in log π
        double d = clipActive ? 0 : -ratio * advantage;
        double kl = 0;
        if (beta != 0) {
            double diff = refLogp - logp;
            kl = Math.exp(diff) - diff - 1;
            loss += beta * kl;
            d += beta * (1 - Math.exp(diff));
        }
        return new Token(loss, d, kl, clipActive);
    }
}
