package io.hone.core.kernel;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.hone.core.kernel.GemmTest.random;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every micro-kernel tile ({@link GemmMicroKernel}), forced one by one whatever this machine would choose: the
 * blocked, few-rows and panel paths against {@link GemmReference}, the same bits for any task split, and the same
 * bits as every other tile (all tiles add each element's terms in the same order).
 */
class GemmTilesTest {
    private static final GemmTest.Layout[] LAYOUTS = GemmTest.Layout.values();
    /** Shapes around every tile's MR (4, 6, 8, 14) and NR (2, 3, 4 vectors), k within and beyond one KC slice. */
    private static final int[][] SHAPES = {
        {1, 7, 5}, {6, 64, 32}, {13, 100, 47}, {29, 300, 130}, {57, 385, 200}, {45, 800, 96}, {100, 37, 260},
    };

    private static void blocked(GemmMicroKernel kern, int ic, int jc, GemmTest.Layout l, int m, int n, int k,
                                float[] a, float[] b, float[] c, boolean acc) {
        GemmBlocked.runGrid(kern, ic, jc, l == GemmTest.Layout.TN, l == GemmTest.Layout.NT, m, n, k, a, 0, b, 0, c, 0, acc);
    }

    private static void reference(GemmTest.Layout l, int m, int n, int k, float[] a, float[] b, float[] c, boolean acc) {
        switch (l) {
            case NT -> GemmReference.nt(m, n, k, a, 0, b, 0, c, 0, acc);
            case NN -> GemmReference.nn(m, n, k, a, 0, b, 0, c, 0, acc);
            case TN -> GemmReference.tn(m, n, k, a, 0, b, 0, c, 0, acc);
        }
    }

    /** Relative Frobenius error of got against want. */
    private static double error(float[] got, float[] want) {
        double err = 0, norm = 0;
        for (int i = 0; i < want.length; i++) {
            double d = (double) got[i] - want[i];
            err += d * d;
            norm += (double) want[i] * want[i];
        }
        return Math.sqrt(err / Math.max(norm, 1e-30));
    }

    @Test
    void everyTileMatchesTheReference() {
        Random r = new Random(13);
        for (GemmMicroKernel kern : GemmMicroKernel.values()) {
            for (GemmTest.Layout l : LAYOUTS) {
                for (int[] s : SHAPES) {
                    int m = s[0], k = s[1], n = s[2];
                    float[] a = random(r, m * k), b = random(r, k * n), c0 = random(r, m * n);
                    for (boolean acc : new boolean[] {false, true}) {
                        float[] want = c0.clone(), got = c0.clone();
                        reference(l, m, n, k, a, b, want, acc);
                        blocked(kern, 1, 1, l, m, n, k, a, b, got, acc);
                        String what = kern.id() + " " + l + " " + m + "x" + k + "x" + n + " acc=" + acc;
                        // k within one slice, C overwritten: the reference's order exactly (one fma per term from 0)
                        if (!acc && k <= GemmBlocked.KC) assertThat(got).as(what).containsExactly(want);
                        else assertThat(error(got, want)).as(what).isLessThanOrEqualTo(1e-5);
                    }
                }
            }
        }
    }

    @Test
    void everyTileGivesTheSameBitsForAnyTaskSplitAndAsEveryOtherTile() {
        Random r = new Random(17);
        int m = 131, n = 300, k = 700;
        float[] a = random(r, m * k), b = random(r, n * k), c0 = random(r, m * n);
        for (GemmTest.Layout l : LAYOUTS) {
            float[] want = c0.clone();
            blocked(GemmKernelChoice.CHOSEN, 1, 1, l, m, n, k, a, b, want, true);
            for (GemmMicroKernel kern : GemmMicroKernel.values()) {
                for (int[] grid : new int[][] {{1, 1}, {2, 1}, {1, 3}, {3, 5}, {8, 2}}) {
                    float[] got = c0.clone();
                    blocked(kern, grid[0], grid[1], l, m, n, k, a, b, got, true);
                    assertThat(got).as("%s %s grid %dx%d", kern.id(), l, grid[0], grid[1]).containsExactly(want);
                }
            }
        }
    }

    @Test
    void everyTileOnTheFewRowsPath() {
        Random r = new Random(19);
        for (boolean aTrans : new boolean[] {false, true}) {
            for (int[] s : new int[][] {{1, 300, 77}, {5, 64, 200}, {24, 500, 130}, {9, 1000, 33}}) {
                int m = s[0], k = s[1], n = s[2];
                float[] a = random(r, m * k), b = random(r, k * n), c0 = random(r, m * n);
                float[] want = c0.clone();
                if (aTrans) GemmReference.tn(m, n, k, a, 0, b, 0, want, 0, false);
                else GemmReference.nn(m, n, k, a, 0, b, 0, want, 0, false);
                for (GemmMicroKernel kern : GemmMicroKernel.values()) {
                    float[] got = c0.clone();
                    GemmSmall.nnRows(kern, aTrans, m, n, k, a, 0, b, 0, got, 0, false);
                    // all of k in one pass from 0: the reference's bits
                    assertThat(got).as("%s aTrans=%b %dx%dx%d", kern.id(), aTrans, m, k, n).containsExactly(want);
                }
            }
        }
    }

    @Test
    void everyTileOnThePanelPath() {
        Random r = new Random(23);
        int m = 50, k = 700, n = 150;
        float[] a = random(r, m * k), w = random(r, n * k), c0 = random(r, m * n);
        float[] want = c0.clone();
        GemmReference.nt(m, n, k, a, 0, w, 0, want, 0, true);
        float[] first = null;
        for (GemmMicroKernel kern : GemmMicroKernel.values()) {
            int panel = kern.nr;
            // W [n, k] as the panel source: B[p, j] = W[j, p], panels of the tile's NR columns
            GemmPanels.PanelSource src = (p0, kb, j0, nb, dst) -> {
                for (int q = 0; q * panel < nb; q++) {
                    int jw = Math.min(panel, nb - q * panel);
                    GemmPack.packPanelT(panel, w, (j0 + q * panel) * k + p0, k, kb, jw, dst, q * kb * panel);
                }
            };
            float[] got = c0.clone();
            GemmPanels.run(kern, m, n, k, a, 0, src, 16, got, 0, true);
            assertThat(error(got, want)).as(kern.id()).isLessThanOrEqualTo(1e-5);
            if (first == null) first = got;
            else assertThat(got).as(kern.id() + " vs " + GemmMicroKernel.values()[0].id()).containsExactly(first);
        }
    }

    @Test
    void choiceFollowsTheRegisterBudget() {
        assertThat(GemmKernelChoice.choose(512, 32, null)).isEqualTo(GemmMicroKernel.K6x4);
        assertThat(GemmKernelChoice.choose(256, 32, "auto")).isEqualTo(GemmMicroKernel.K6x4);
        assertThat(GemmKernelChoice.choose(256, 16, null)).isEqualTo(GemmMicroKernel.K6x2);
        assertThat(GemmKernelChoice.choose(128, 32, "")).isEqualTo(GemmMicroKernel.K8x3);
        assertThat(GemmKernelChoice.choose(128, 16, null)).isEqualTo(GemmMicroKernel.K6x2);
        for (GemmMicroKernel kern : GemmMicroKernel.values()) {
            assertThat(GemmKernelChoice.choose(512, 32, kern.id())).isEqualTo(kern);
            assertThat(kern.registers()).as(kern.id()).isLessThanOrEqualTo(32);
        }
        assertThat(GemmKernelChoice.choose(256, 16, "6x2").registers()).isLessThanOrEqualTo(16);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GemmKernelChoice.choose(512, 32, "6x5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-Dhone.gemm.kernel=6x5 is not a GEMM kernel; use auto or one of 6x4, 14x2, 8x3, 6x2, 4x3, 4x2");
    }

    @Test
    void panelWidthFollowsTheChosenTile() {
        System.out.println(Isa.describe()); // in the surefire report: which ISA this run had
        assertThat(GemmPanels.PANEL).isEqualTo(GemmKernelChoice.CHOSEN.nr);
        assertThat(GemmBlocked.KERNEL).isEqualTo(GemmKernelChoice.CHOSEN);
        assertThat(Isa.describe()).contains("GEMM kernel " + GemmKernelChoice.CHOSEN.id())
                .contains(Isa.vectorBits() + "-bit vectors");
    }
}
