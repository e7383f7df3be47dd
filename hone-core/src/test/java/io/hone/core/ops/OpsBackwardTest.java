package io.hone.core.ops;

import io.hone.core.model.RopeScaling;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static io.hone.core.ops.GradCheck.check;
import static io.hone.core.ops.GradCheck.dot;
import static io.hone.core.ops.GradCheck.random;
import static org.assertj.core.api.Assertions.assertThat;

/** Finite-difference checks of every op's backward, for every input and parameter. */
class OpsBackwardTest {
    private final SplittableRandom rnd = new SplittableRandom(42);

    @Test
    void embeddingScatterAdds() {
        int vocab = 7, dim = 5;
        int[] ids = {3, 1, 3, 6};
        float[] table = random(rnd, vocab * dim, 1), r = random(rnd, ids.length * dim, 1);
        float[] dTable = new float[table.length];
        Embedding.backward(ids, r, dim, dTable);
        check("dtable", dTable, table, () -> {
            float[] out = new float[ids.length * dim];
            Embedding.forward(table, ids, dim, out);
            return dot(r, out);
        });
    }

    @Test
    void rmsNorm() {
        int rows = 3, dim = 8;
        float[] x = random(rnd, rows * dim, 2), w = random(rnd, dim, 1.5), r = random(rnd, rows * dim, 1);
        float[] y = new float[x.length], inv = new float[rows], dx = new float[x.length], dw = new float[dim];
        RmsNorm.forward(x, w, y, rows, dim, 1e-5, inv);
        RmsNorm.backward(x, w, inv, r, dx, dw, rows, dim);
        java.util.function.DoubleSupplier loss = () -> {
            float[] out = new float[x.length];
            RmsNorm.forward(x, w, out, rows, dim, 1e-5, null);
            return dot(r, out);
        };
        check("dx", dx, x, loss);
        check("dw", dw, w, loss);
    }

    @Test
    void linearWithBias() {
        int rows = 6, in = 9, out = 5;
        float[] x = random(rnd, rows * in, 1), w = random(rnd, out * in, 1), b = random(rnd, out, 1);
        float[] r = random(rnd, rows * out, 1);
        var lin = new DenseLinear(w, b, out, in);
        float[] dx = new float[x.length], dw = new float[w.length], db = new float[out];
        lin.backwardInput(r, rows, dx);
        lin.backwardWeights(x, r, rows, dw, db);
        java.util.function.DoubleSupplier loss = () -> {
            float[] y = new float[rows * out];
            lin.forward(x, rows, y);
            return dot(r, y);
        };
        check("dx", dx, x, loss);
        check("dW", dw, w, loss);
        check("db", db, b, loss);
    }

    @Test
    void ropeDefaultAndLlama3() {
        for (RopeScaling s : new RopeScaling[]{
                new RopeScaling("default", 10000, 1, 1, 4, 64),
                new RopeScaling("llama3", 500000, 8, 1, 4, 64)}) {
            int rows = 5, heads = 3, d = 8, row0 = 2, pos0 = 70;
            var rope = new Rope(d, s);
            float[] x = random(rnd, (row0 + rows) * heads * d, 1), r = random(rnd, x.length, 1);
            float[] dx = r.clone();
            rope.applyInverse(dx, row0, rows, heads, pos0);
            for (int i = 0; i < row0 * heads * d; i++) dx[i] = r[i];
            check("drope " + s.type(), dx, x, () -> {
                float[] y = x.clone();
                rope.apply(y, row0, rows, heads, pos0);
                return dot(r, y);
            });
        }
    }

    @Test
    void causalAttentionGqa() {
        attention(0);
    }

    @Test
    void causalAttentionSlidingWindow() {
        attention(3);
    }

    private void attention(int window) {
        int rows = 6, heads = 4, kvHeads = 2, d = 4, qRow0 = 1, kvRow0 = 2;
        float[] q = random(rnd, (qRow0 + rows) * heads * d, 1.5);
        float[] k = random(rnd, (kvRow0 + rows) * kvHeads * d, 1.5);
        float[] v = random(rnd, k.length, 1);
        float[] r = random(rnd, q.length, 1);
        for (int i = 0; i < qRow0 * heads * d; i++) r[i] = 0;
        int pOff = 5;
        float[] out = new float[q.length], probs = new float[pOff + heads * rows * rows];
        CausalAttention.forward(q, k, v, out, qRow0, kvRow0, rows, 0, heads, kvHeads, d, window, probs, pOff);
        float[] dq = new float[q.length], dk = new float[k.length], dv = new float[v.length];
        CausalAttentionBackward.backward(q, k, v, probs, pOff, r, dq, dk, dv, qRow0, kvRow0, rows, 0, heads, kvHeads, d, window);
        java.util.function.DoubleSupplier loss = () -> {
            float[] o = new float[q.length];
            CausalAttention.forward(q, k, v, o, qRow0, kvRow0, rows, 0, heads, kvHeads, d, window, null, 0);
            return dot(r, o);
        };
        check("dq", dq, q, loss);
        check("dk", dk, k, loss);
        check("dv", dv, v, loss);
    }

    @Test
    void attentionOffsetsMatchPlainCall() {
        int rows = 5, heads = 2, kvHeads = 1, d = 4;
        float[] q = random(rnd, rows * heads * d, 1), k = random(rnd, rows * d, 1), v = random(rnd, rows * d, 1);
        float[] a = new float[q.length], b = new float[q.length + heads * d];
        float[] qShift = new float[q.length + heads * d];
        System.arraycopy(q, 0, qShift, heads * d, q.length);
        CausalAttention.forward(q, k, v, a, rows, 0, heads, kvHeads, d, 0, null);
        CausalAttention.forward(qShift, k, v, b, 1, 0, rows, 0, heads, kvHeads, d, 0, null, 0);
        assertThat(java.util.Arrays.copyOfRange(b, heads * d, b.length)).containsExactly(a);
    }

    @Test
    void swiGlu() {
        int n = 20;
        float[] g = random(rnd, n, 3), u = random(rnd, n, 2), r = random(rnd, n, 1);
        float[] dg = new float[n], du = new float[n];
        SwiGlu.backward(g, u, r, dg, du, n);
        java.util.function.DoubleSupplier loss = () -> {
            float[] h = new float[n];
            SwiGlu.forward(g, u, h, n);
            return dot(r, h);
        };
        check("dgate", dg, g, loss);
        check("dup", du, u, loss);
    }

    @Test
    void crossEntropyMeanOverCountedShiftedLabels() {
        int batch = 2, seq = 4, vocab = 6;
        long[] labels = {-100, -100, 2, 5, -100, 1, 0, 3};
        int[] targets = CrossEntropy.causalTargets(labels, batch, seq);
        assertThat(targets).containsExactly(-100, 2, 5, -100, 1, 0, 3, -100);
        float[] logits = random(rnd, batch * seq * vocab, 3), dlogits = new float[logits.length];
        double loss = CrossEntropy.forwardBackward(logits, batch * seq, vocab, targets, dlogits);
        double expect = 0;
        for (int row = 0; row < batch * seq; row++) {
            if (targets[row] < 0) continue;
            double s = 0;
            for (int i = 0; i < vocab; i++) s += Math.exp(logits[row * vocab + i]);
            expect += Math.log(s) - logits[row * vocab + targets[row]];
        }
        assertThat(loss).isCloseTo(expect / 5, org.assertj.core.data.Offset.offset(1e-6));
        check("dlogits", dlogits, logits, () -> CrossEntropy.forwardBackward(logits, batch * seq, vocab, targets, null));
    }

    @Test
    void fusedHeadMatchesUnfusedAndGradChecks() {
        int rows = 7, dim = 5, vocab = 11;
        float[] h = random(rnd, rows * dim, 1), w = random(rnd, vocab * dim, 1);
        int[] targets = {3, -100, 0, 10, 4, -100, 7};
        float[] dh = new float[h.length], dw = new float[w.length];
        double loss = LmHeadCrossEntropy.run(h, rows, dim, w, vocab, targets, dh, dw, 2);

        float[] logits = new float[rows * vocab], dlogits = new float[logits.length];
        new DenseLinear(w, null, vocab, dim).forward(h, rows, logits);
        double unfused = CrossEntropy.forwardBackward(logits, rows, vocab, targets, dlogits);
        assertThat(loss).isCloseTo(unfused, org.assertj.core.data.Offset.offset(1e-12));

        java.util.function.DoubleSupplier f = () -> LmHeadCrossEntropy.run(h, rows, dim, w, vocab, targets, null, null, 3);
        check("dhidden", dh, h, f);
        check("dW", dw, w, f);
    }
}
