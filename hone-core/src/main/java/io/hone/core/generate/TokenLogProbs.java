package io.hone.core.generate;

import io.hone.core.model.LlamaModel;

/**
 * log p(label) of every labelled position of one sequence under the inference forward (eval mode), each row through
 * {@link LogSoftmax} in double: the numbers hone-eval's log-likelihoods, training's validation loss and the preference
 * trainer's reference model all come from.
 */
public final class TokenLogProbs {
    /** Labels equal to this do not count (transformers' ignore index). */
    public static final long IGNORE = -100;

    private TokenLogProbs() {}

    /**
     * @param labels the label at t is the token expected at t (as training labels), {@link #IGNORE} where none
     * @return per position t, log p(labels[t+1] | ids[0..t]); NaN where labels[t+1] is ignored and at the last position
     */
    public static double[] of(LlamaModel model, int[] ids, long[] labels) {
        int vocab = model.config().vocabSize();
        float[] logits = model.forward(ids, model.newCache(ids.length), true, null);
        double[] out = new double[ids.length];
        for (int t = 0; t < ids.length; t++) {
            long target = t + 1 < ids.length ? labels[t + 1] : IGNORE;
            out[t] = target == IGNORE ? Double.NaN : LogSoftmax.of(logits, t * vocab, vocab).at((int) target);
        }
        return out;
    }
}
