package io.hone.core.ops;

import io.hone.core.kernel.VectorOps;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

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

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    /**
     * One row: turns {@code logits[off, off+vocab)} into dL/dlogits = (softmax − onehot(target))·gradScale in place
     * and returns the row's loss −log softmax[target]. Vectorised: e = exp(logit − max) in FP32 ({@link VectorOps#exp},
     * within ~2 ulp), their sum and the log-sum-exp in double, summed in a fixed lane order. The caller ensures target
     * is counted.
     */
    public static double rowInPlace(float[] logits, int off, int vocab, int target, float gradScale) {
        if (target < 0 || target >= vocab) throw new IllegalArgumentException("label " + target + " outside vocabulary of " + vocab);
        float max = VectorOps.max(logits, off, vocab);
        float picked = logits[off + target];
        DoubleVector acc0 = DoubleVector.zero(D), acc1 = acc0;
        int i = 0;
        for (; i <= vocab - L; i += L) {
            FloatVector e = VectorOps.exp(FloatVector.fromArray(F, logits, off + i).sub(max));
            e.intoArray(logits, off + i);
            acc0 = acc0.add(e.convertShape(VectorOperators.F2D, D, 0));
            acc1 = acc1.add(e.convertShape(VectorOperators.F2D, D, 1));
        }
        double[] lanes = new double[D.length()];
        acc0.add(acc1).intoArray(lanes, 0);
        double sum = 0;
        for (double x : lanes) sum += x; // in lane order: reduceLanes leaves its order to the implementation
        for (; i < vocab; i++) {
            float e = VectorOps.exp(logits[off + i] - max);
            logits[off + i] = e;
            sum += e;
        }
        double lse = max + Math.log(sum);
        float k = (float) (gradScale / sum);
        i = 0;
        for (; i <= vocab - L; i += L) FloatVector.fromArray(F, logits, off + i).mul(k).intoArray(logits, off + i);
        for (; i < vocab; i++) logits[off + i] *= k;
        logits[off + target] -= gradScale;
        return lse - picked;
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
