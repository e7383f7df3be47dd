package io.hone.core.kernel;

import static io.hone.core.kernel.GemmMicroKernel.MR;
import static io.hone.core.kernel.GemmMicroKernel.NR;

/**
 * Cache-blocked GEMM (GotoBLAS/BLIS loop nest) for C[M,N] (+)= A·B with A and B in any of the stored
 * layouts of {@link Gemm}. C is cut into rectangular tasks that run on {@link Parallel}; inside a task:
 * for each KC-deep slice of k, for each NC-wide column block: pack B's KC×NC block (L2), then for each
 * MR-row strip of A (read in place, or packed per slice for tn; L1) sweep the NR-wide panels with the
 * micro-kernel.
 * Element C[i,j] sums k in the same fixed KC slices, in order, whatever the task split.
 */
final class GemmBlocked {
    // Blocking knobs; plain statics so a tuning harness can vary them (changing KC changes results' bits).
    static int KC = Integer.getInteger("hone.gemm.kc", 256);
    static int NC = Math.max(1, Integer.getInteger("hone.gemm.nc", 512) / NR) * NR;
    /** 1: pack A^T strips only (tn), read row-major A in place; 2: always pack A. */
    static int PACK_A = Integer.getInteger("hone.gemm.packa", 1);

    /** Tuning only: a fixed task grid (row chunks << 32 | column chunks), 0 = planned. */
    static long FORCE_GRID = 0;

    private static final class Buffers {
        float[] b = new float[0];
        float[] a = new float[0];
        final float[] tile = new float[MR * NR];

        Buffers ensure(int kc, int nc, int strips) {
            if (b.length < kc * nc) b = new float[kc * nc];
            if (a.length < kc * MR * strips) a = new float[kc * MR * strips];
            return this;
        }
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private GemmBlocked() {}

    static void run(boolean aTrans, boolean bTrans, int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                    float[] c, int cOff, boolean accumulate) {
        int mp = (m + MR - 1) / MR, np = (n + NR - 1) / NR;
        long plan = FORCE_GRID != 0 ? FORCE_GRID : plan(mp, np, k, Parallel.threads(), aTrans, bTrans);
        runGrid((int) (plan >>> 32), (int) plan, aTrans, bTrans, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }

    /** Runs with C cut into ic row chunks × jc column chunks (tests use this to vary the split). */
    static void runGrid(int ic, int jc, boolean aTrans, boolean bTrans, int m, int n, int k, float[] a, int aOff,
                        float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        int lda = aTrans ? m : k, ldb = bTrans ? k : n;
        int mp = (m + MR - 1) / MR, np = (n + NR - 1) / NR;
        Parallel.forEach(ic * jc, t -> {
            int ti = t / jc, tj = t % jc;
            int i0 = (int) ((long) mp * ti / ic) * MR, i1 = Math.min(m, (int) ((long) mp * (ti + 1) / ic) * MR);
            int j0 = (int) ((long) np * tj / jc) * NR, j1 = Math.min(n, (int) ((long) np * (tj + 1) / jc) * NR);
            if (i0 < i1 && j0 < j1) block(aTrans, bTrans, i0, i1, j0, j1, k, a, aOff, lda, b, bOff, ldb, c, cOff, n, accumulate);
        });
    }

    /**
     * Chooses the task grid (row chunks << 32 | column chunks) minimising a rough cycle estimate: whole
     * rounds of tasks, plus half a task for the straggler when another process slows one core (tasks are
     * handed out dynamically, so smaller tasks even that out). Column chunks cost nothing extra (A is
     * read in place, except A^T which each task packs); each extra row chunk packs its B columns again.
     */
    static long plan(int mp, int np, int k, int threads, boolean aTrans, boolean bTrans) {
        if (threads <= 1) return (1L << 32) | 1;
        double packPerElem = bTrans ? 1.5 : 0.6;
        double packAPerElem = PACK_A == 2 || aTrans ? 2.0 : 0;
        double best = Double.MAX_VALUE;
        long bestPlan = (1L << 32) | 1;
        for (int ic = 1; ic <= Math.min(mp, 8); ic++) {
            for (int jc = 1; jc <= Math.min(np, 64); jc++) {
                int tasks = ic * jc;
                double rows = Math.ceil((double) mp / ic) * MR, cols = Math.ceil((double) np / jc) * NR;
                double task = rows * cols * k / 28.0 + cols * k * packPerElem + rows * k * packAPerElem + 20000;
                double cost = (Math.ceil((double) tasks / threads) + 0.5) * task;
                if (cost < best * 0.999) {
                    best = cost;
                    bestPlan = ((long) ic << 32) | jc;
                }
            }
        }
        return bestPlan;
    }

    private static void block(boolean aTrans, boolean bTrans, int i0, int i1, int j0, int j1, int k,
                              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float[] c, int cOff, int ldc, boolean accumulate) {
        int KC = GemmBlocked.KC, NC = GemmBlocked.NC;
        // A^T rows are M apart: reading MR of them per k step in place thrashes L1 sets, so pack those.
        boolean packA = aTrans || PACK_A == 2;
        int strips = (i1 - i0 + MR - 1) / MR;
        Buffers buf = BUFFERS.get().ensure(Math.min(KC, k), NC, packA ? strips : 1);
        int slices = (k + KC - 1) / KC;
        for (int s = 0; s < slices; s++) {
            int pc = (int) ((long) k * s / slices), kb = (int) ((long) k * (s + 1) / slices) - pc;
            boolean add = accumulate || s > 0;
            if (packA) GemmPack.packAStrips(aTrans, a, aOff, lda, i0, i1, pc, kb, buf.a);
            for (int jc = j0; jc < j1; jc += NC) {
                int nb = Math.min(NC, j1 - jc);
                int panels = (nb + NR - 1) / NR;
                GemmPack.packB(bTrans, b, bOff, ldb, pc, kb, jc, nb, buf.b);
                for (int t = 0; t < strips; t++) {
                    int ir = i0 + t * MR, mr = Math.min(MR, i1 - ir);
                    boolean direct = !packA && mr == MR;
                    int ai = direct ? aOff + ir * lda + pc : packA ? t * kb * MR : 0;
                    if (!packA && !direct) GemmPack.packAStrips(false, a, aOff, lda, ir, i1, pc, kb, buf.a);
                    for (int q = 0; q < panels; q++) {
                        int jw = Math.min(NR, nb - q * NR);
                        int ci = cOff + ir * ldc + jc + q * NR, bi = q * kb * NR;
                        boolean full = mr == MR && jw == NR;
                        float[] ct = full ? c : buf.tile;
                        int co = full ? ci : 0, ldt = full ? ldc : NR;
                        boolean addt = full && add;
                        if (direct) GemmMicroKernel.direct(kb, a, ai, lda, buf.b, bi, ct, co, ldt, addt);
                        else GemmMicroKernel.packed(kb, buf.a, ai, buf.b, bi, ct, co, ldt, addt);
                        if (!full) merge(buf.tile, mr, jw, c, ci, ldc, add);
                    }
                }
            }
        }
    }

    /** Writes the top-left mr×jw corner of an MR×NR scratch tile into C, adding C when add is set. */
    static void merge(float[] tile, int mr, int jw, float[] c, int ci, int ldc, boolean add) {
        for (int r = 0; r < mr; r++) {
            int t = r * NR, o = ci + r * ldc;
            if (add) for (int j = 0; j < jw; j++) c[o + j] += tile[t + j];
            else System.arraycopy(tile, t, c, o, jw);
        }
    }
}
