package io.hone.core.kernel;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GemmTest {
    enum Layout { NT, NN, TN }

    private static final int[] EDGE = {1, 2, 3, 15, 16, 17, 63, 64, 65, 127, 129, 300};

    /** C (+)= op(A)·op(B) accumulated in double: the yardstick for the float kernels. */
    static double[] reference(Layout l, int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                              float[] c, int cOff, boolean accumulate) {
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = l == Layout.TN ? a[aOff + p * m + i] : a[aOff + i * k + p];
                    double bv = l == Layout.NT ? b[bOff + j * k + p] : b[bOff + p * n + j];
                    s += av * bv;
                }
                out[i * n + j] = accumulate ? c[cOff + i * n + j] + s : s;
            }
        }
        return out;
    }

    static void call(Layout l, int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean acc) {
        switch (l) {
            case NT -> Gemm.nt(m, n, k, a, aOff, b, bOff, c, cOff, acc);
            case NN -> Gemm.nn(m, n, k, a, aOff, b, bOff, c, cOff, acc);
            case TN -> Gemm.tn(m, n, k, a, aOff, b, bOff, c, cOff, acc);
        }
    }

    static float[] random(Random r, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    private static void check(Layout l, int m, int n, int k, int off, boolean acc, Random r) {
        float[] a = random(r, off + m * k + 3), b = random(r, off + k * n + 5), c = random(r, off + m * n + 7);
        float[] before = c.clone();
        double[] want = reference(l, m, n, k, a, off, b, off, c, off, acc);
        call(l, m, n, k, a, off, b, off, c, off, acc);
        double err = 0, norm = 0;
        for (int i = 0; i < m * n; i++) {
            double d = c[off + i] - want[i];
            err += d * d;
            norm += want[i] * want[i];
        }
        String what = l + " m=" + m + " n=" + n + " k=" + k + " off=" + off + " acc=" + acc;
        assertThat(Math.sqrt(err / Math.max(norm, 1e-30))).as(what).isLessThanOrEqualTo(1e-5);
        for (int i = 0; i < off; i++) assertThat(c[i]).as(what + " before C").isEqualTo(before[i]);
        for (int i = off + m * n; i < c.length; i++) assertThat(c[i]).as(what + " after C").isEqualTo(before[i]);
    }

    private static List<int[]> shapes() {
        List<int[]> s = new ArrayList<>();
        for (int v : EDGE) {
            s.add(new int[] {v, 17, 65});
            s.add(new int[] {33, v, 64});
            s.add(new int[] {65, 129, v});
            s.add(new int[] {v, v, v});
        }
        s.add(new int[] {1, 1000, 513});
        s.add(new int[] {4, 777, 300});
        s.add(new int[] {5, 300, 1});
        s.add(new int[] {7, 1000, 513});
        s.add(new int[] {300, 7, 600});
        s.add(new int[] {129, 1100, 700});
        s.add(new int[] {37, 45, 1100}); // nt few-rows dot path with 4x4, 4x1 and 1x1 edges
        s.add(new int[] {8, 70, 1030});
        s.add(new int[] {24, 300, 200}); // nn/tn direct-B path, several strips
        s.add(new int[] {23, 130, 77});
        return s;
    }

    @Test
    void allLayoutsMatchDoubleReference() {
        Random r = new Random(42);
        for (Layout l : Layout.values()) {
            for (int[] s : shapes()) {
                boolean acc = r.nextBoolean();
                int off = r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(40);
                check(l, s[0], s[1], s[2], off, acc, r);
                check(l, s[0], s[1], s[2], off, !acc, r);
            }
        }
    }

    @Test
    void randomShapes() {
        Random r = new Random(7);
        for (int t = 0; t < 150; t++) {
            Layout l = Layout.values()[t % 3];
            check(l, 1 + r.nextInt(140), 1 + r.nextInt(200), 1 + r.nextInt(300), r.nextInt(20), r.nextBoolean(), r);
        }
    }

    @Test
    void emptyShapes() {
        float[] c = {1, 2, 3, 4};
        Gemm.nt(2, 2, 0, new float[0], 0, new float[0], 0, c, 0, true);
        assertThat(c).containsExactly(1, 2, 3, 4);
        Gemm.nn(2, 2, 0, new float[0], 0, new float[0], 0, c, 0, false);
        assertThat(c).containsExactly(0, 0, 0, 0);
        Gemm.tn(0, 2, 5, new float[0], 0, new float[10], 0, c, 0, false);
        assertThatThrownBy(() -> Gemm.nt(2, 2, 2, new float[3], 0, new float[4], 0, c, 0, false))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("A: offset 0 + size 4 exceeds length 3");
    }

    @Test
    void sameBitsForAnyTaskSplit() {
        Random r = new Random(3);
        int m = 131, n = 300, k = 700;
        float[] a = random(r, m * k), b = random(r, n * k), c0 = random(r, m * n);
        boolean[][] layouts = {{false, true}, {false, false}, {true, false}};
        for (boolean[] lt : layouts) {
            float[] want = c0.clone();
            GemmBlocked.runGrid(GemmBlocked.KERNEL, 1, 1, lt[0], lt[1], m, n, k, a, 0, b, 0, want, 0, true);
            for (int[] grid : new int[][] {{2, 1}, {1, 3}, {3, 5}, {8, 2}}) {
                float[] got = c0.clone();
                GemmBlocked.runGrid(GemmBlocked.KERNEL, grid[0], grid[1], lt[0], lt[1], m, n, k, a, 0, b, 0, got, 0, true);
                assertThat(got).as("grid %dx%d", grid[0], grid[1]).containsExactly(want);
            }
            float[] viaApi = c0.clone();
            if (lt[1]) Gemm.nt(m, n, k, a, 0, b, 0, viaApi, 0, true);
            else if (lt[0]) Gemm.tn(m, n, k, a, 0, b, 0, viaApi, 0, true);
            else Gemm.nn(m, n, k, a, 0, b, 0, viaApi, 0, true);
            assertThat(viaApi).containsExactly(want);
        }
    }

    @Test
    void fewRowsNtGivesEachRowTheSameBitsAsAlone() {
        Random r = new Random(5);
        for (int k : new int[] {1100, 1024, 37}) {
            int m = 8, n = 23; // 4x4 blocks, then 4x1 and 1x1 edges; alone, a row uses the 1x4 and 1x1 kernels
            float[] a = random(r, m * k), b = random(r, n * k), all = new float[m * n], one = new float[n];
            Gemm.nt(m, n, k, a, 0, b, 0, all, 0, false);
            for (int i = 0; i < m; i++) {
                Gemm.nt(1, n, k, a, i * k, b, 0, one, 0, false);
                for (int j = 0; j < n; j++) assertThat(all[i * n + j]).as("k=%d i=%d j=%d", k, i, j).isEqualTo(one[j]);
            }
        }
    }

    @Test
    void referenceAgreesWithDouble() {
        Random r = new Random(11);
        int m = 9, n = 13, k = 21;
        float[] a = random(r, m * k), b = random(r, n * k), c = new float[m * n];
        GemmReference.nt(m, n, k, a, 0, b, 0, c, 0, false);
        double[] want = reference(Layout.NT, m, n, k, a, 0, b, 0, c, 0, false);
        for (int i = 0; i < m * n; i++) assertThat((double) c[i]).isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-4));
    }
}
