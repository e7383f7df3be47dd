package io.hone.core.generate;

/**
 * log-softmax of one row of logits, evaluated lazily at the tokens asked for (in double precision): how hone scores
 * log-likelihoods (hone-eval) and reports log-probs ({@code hone serve}), so both give the same numbers.
 */
public record LogSoftmax(float[] logits, int off, int n, double logZ, int argmax) {
    public static LogSoftmax of(float[] logits, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        int arg = 0;
        for (int i = 0; i < n; i++) {
            if (logits[off + i] > max) {
                max = logits[off + i];
                arg = i;
            }
        }
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Math.exp(logits[off + i] - max);
        return new LogSoftmax(logits, off, n, max + Math.log(sum), arg);
    }

    public double at(int token) {
        return logits[off + token] - logZ;
    }
}
