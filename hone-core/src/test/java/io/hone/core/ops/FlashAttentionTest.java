package io.hone.core.ops;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static io.hone.core.ops.GradCheck.check;
import static io.hone.core.ops.GradCheck.dot;
import static io.hone.core.ops.GradCheck.random;
import static org.assertj.core.api.Assertions.assertThat;

/** The lse-saving training attention against {@link CausalAttention} (forward and backward) and finite differences. */
class FlashAttentionTest {
    private final SplittableRandom rnd = new SplittableRandom(7);

    @ParameterizedTest
    @CsvSource({"2, 37, 6, 2, 16, 0", "1, 70, 4, 4, 64, 0", "3, 19, 4, 2, 12, 5", "2, 33, 9, 3, 64, 8", "1, 1, 2, 1, 8, 0"})
    void matchesSavedProbabilityAttention(int batch, int seq, int heads, int kvHeads, int d, int window) {
        int n = batch * seq;
        float[] q = random(rnd, n * heads * d, 2), k = random(rnd, n * kvHeads * d, 2), v = random(rnd, k.length, 1);
        float[] dOut = random(rnd, q.length, 1);
        float[] out = new float[q.length], lse = new float[batch * heads * seq];
        FlashAttention.forward(q, k, v, out, lse, batch, seq, heads, kvHeads, d, window);
        float[] dq = random(rnd, q.length, 1), dk = random(rnd, k.length, 1), dv = random(rnd, v.length, 1); // overwritten
        FlashAttention.backward(q, k, v, lse, dOut, dq, dk, dv, batch, seq, heads, kvHeads, d, window);

        float[] refOut = new float[q.length], probs = new float[batch * heads * seq * seq];
        float[] rq = new float[q.length], rk = new float[k.length], rv = new float[v.length];
        for (int b = 0; b < batch; b++) {
            int span = heads * seq * seq;
            CausalAttention.forward(q, k, v, refOut, b * seq, b * seq, seq, 0, heads, kvHeads, d, window, probs, b * span);
            CausalAttentionBackward.backward(q, k, v, probs, b * span, dOut, rq, rk, rv, b * seq, b * seq, seq, 0, heads, kvHeads, d, window);
        }
        assertClose("out", out, refOut);
        assertClose("dq", dq, rq);
        assertClose("dk", dk, rk);
        assertClose("dv", dv, rv);
    }

    @ParameterizedTest
    @CsvSource({"2, 6, 4, 2, 4, 0", "1, 7, 2, 1, 4, 3"})
    void gradientsMatchFiniteDifferences(int batch, int seq, int heads, int kvHeads, int d, int window) {
        float[] q = random(rnd, batch * seq * heads * d, 1.5), k = random(rnd, batch * seq * kvHeads * d, 1.5);
        float[] v = random(rnd, k.length, 1), r = random(rnd, q.length, 1);
        float[] out = new float[q.length], lse = new float[batch * heads * seq];
        FlashAttention.forward(q, k, v, out, lse, batch, seq, heads, kvHeads, d, window);
        float[] dq = new float[q.length], dk = new float[k.length], dv = new float[v.length];
        FlashAttention.backward(q, k, v, lse, r, dq, dk, dv, batch, seq, heads, kvHeads, d, window);
        java.util.function.DoubleSupplier loss = () -> {
            float[] o = new float[q.length];
            FlashAttention.forward(q, k, v, o, new float[lse.length], batch, seq, heads, kvHeads, d, window);
            return dot(r, o);
        };
        check("dq", dq, q, loss);
        check("dk", dk, k, loss);
        check("dv", dv, v, loss);
    }

    private static void assertClose(String what, float[] a, float[] ref) {
        double diff = 0, norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - ref[i]));
            norm = Math.max(norm, Math.abs(ref[i]));
        }
        assertThat(diff).as(what + " max |flash − reference| (max |reference| = " + norm + ")").isLessThan(2e-5 * Math.max(1, norm));
    }
}
