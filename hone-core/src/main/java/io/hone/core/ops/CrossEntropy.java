package io.hone.core.ops;

/**
 * Causal-LM cross-entropy as transformers defines it ({@code ForCausalLMLoss}): the logits at position t predict
 * the label at t+1; positions whose shifted label is {@value #IGNORE} do not count; the loss is the mean over the
 * counted positions of the whole batch (sum / count; NaN when nothing counts, as torch gives).
 */
public final class CrossEntropy {
    public static final int IGNORE = -100;

    private CrossEntropy() {}

    /** Shifted targets for a [batch, seq] label tensor: target[b·seq + t] = labels[b, t+1], the last position ignored. */
    public static int[] causalTargets(long[] labels, int batch, int seq) {
        int[] targets = new int[batch * seq];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < seq; t++) {
                targets[b * seq + t] = t + 1 < seq ? Math.toIntExact(labels[b * seq + t + 1]) : IGNORE;
            }
        }
        return targets;
    }

    public static int counted(int[] targets) {
        int n = 0;
        for (int t : targets) if (t != IGNORE) n++;
        return n;
    }

    /**
     * One row: turns {@code logits[off, off+vocab)} into dL/dlogits = (softmax − onehot(target))·gradScale in place
     * and returns the row's loss −log softmax[target] (log-sum-exp in double). The caller ensures target is counted.
     */
    public static double rowInPlace(float[] logits, int off, int vocab, int target, float gradScale) {
        if (target < 0 || target >= vocab) throw new IllegalArgumentException("label " + target + " outside vocabulary of " + vocab);
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) max = Math.max(max, logits[off + i]);
        double sum = 0;
        for (int i = 0; i < vocab; i++) sum += Math.exp(logits[off + i] - max);
        double lse = max + Math.log(sum);
        double loss = lse - logits[off + target];
        for (int i = 0; i < vocab; i++) {
            logits[off + i] = (float) (Math.exp(logits[off + i] - lse) * gradScale);
        }
        logits[off + target] -= gradScale;
        return loss;
    }

    /**
     * Mean loss over counted rows of materialised logits [rows, vocab]; when {@code dlogits} is non-null it receives
     * dL/dlogits (zero rows for ignored positions). {@code logits} is left untouched.
     */
    public static double forwardBackward(float[] logits, int rows, int vocab, int[] targets, float[] dlogits) {
        int count = counted(targets);
        if (count == 0) return Double.NaN;
        float[] work = dlogits != null ? dlogits : new float[vocab];
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int off = dlogits != null ? r * vocab : 0;
            if (targets[r] == IGNORE) {
                if (dlogits != null) java.util.Arrays.fill(dlogits, off, off + vocab, 0f);
                continue;
            }
            System.arraycopy(logits, r * vocab, work, off, vocab);
            total += rowInPlace(work, off, vocab, targets[r], 1f / count);
        }
        return total / count;
    }
}
