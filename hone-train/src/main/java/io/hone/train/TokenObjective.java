package io.hone.train;

/**
 * A training objective over the log-probabilities of a batch's labelled tokens, for losses that are not the mean
 * cross-entropy (DPO, IPO, ORPO, GRPO). {@link TrainableModel#forwardBackward(Batch, TokenObjective)} runs the forward,
 * hands the objective log p(target) of every counted position, and backpropagates the gradient it returns.
 */
public interface TokenObjective {
    /**
     * @param logp  log p(target) per position of the batch ([batch·seq]; the target at t is the label at t+1), NaN where
     *              the position does not count
     * @param dLogp receives dL/dlogp per position (zero-filled on entry; positions that do not count are ignored)
     * @return the loss
     */
    double apply(double[] logp, float[] dLogp);
}
