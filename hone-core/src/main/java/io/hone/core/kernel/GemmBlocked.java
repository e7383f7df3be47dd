package io.hone.core.kernel;

/**
 * Cache-blocked GEMM (GotoBLAS/BLIS loop nest) for C[M,N] (+)= A·B with A and B in any of the stored
 * layouts of {@link Gemm}. C is cut into rectangular tasks that run on {@link Parallel}; inside a task:
 * for each KC-deep slice of k, for each NC-wide column block: pack B's KC×NC block (L2), then for each
 * MR-row strip of A (read in place, or packed per slice for tn; L1) sweep the NR-wide panels with the
 * micro-kernel. MR and NR are the tile of the {@link GemmMicroKernel} in use ({@link GemmKernelChoice}).
 * Element C[i,j] sums k in the same fixed KC slices, in order, whatever the task split and the tile.
 */
final class GemmBlocked {
    // Blocking knobs; plain statics so a tuning harness can vary them (changing KC changes results' bits).
    static int KC = Integer.getInteger("hone.gemm.kc", 384);
    /** Columns of B packed per block, rounded down to a multiple of the tile's NR where used ({@link #nc}). */
    static int NC = Integer.getInteger("hone.gemm.nc", 512);
    /** The micro-kernel {@link Gemm} runs: the JVM's choice ({@link GemmKernelChoice}); a tuning harness may vary it. */
    static GemmMicroKernel KERNEL = GemmKernelChoice.CHOSEN;
    /** 1: pack A^T only (tn), read row-major A in place; 2: always pack A. */
    static int PACK_A = Integer.getInteger("hone.gemm.packa", 1);

    /** Tuning only: a fixed task grid (row chunks << 32 | column chunks), 0 = planned. */
    static long FORCE_GRID = 0;

    private static final class Buffers {
        float[] b = new float[0];
        float[] a = new float[0];
        float[] tile = new float[0];

        Buffers ensure(int kc, int nc, GemmMicroKernel kern) {
            if (b.length < kc * nc) b = new float[kc * nc];
            if (a.length < kc * kern.mr) a = new float[kc * kern.mr];
            if (tile.length < kern.mr * kern.nr) tile = new float[kern.mr * kern.nr];
            return this;
        }
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);
    /** The calling thread's buffer for all of packed A (kept: weight-gradient calls repeat every step). */
    private static final ThreadLocal<float[]> PACKED_A = ThreadLocal.withInitial(() -> new float[0]);

    private GemmBlocked() {}

    static void run(boolean aTrans, boolean bTrans, int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                    float[] c, int cOff, boolean accumulate) {
        run(KERNEL, aTrans, bTrans, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }

    /** {@link #run} with a given micro-kernel (tests run every tile this way). */
    static void run(GemmMicroKernel kern, boolean aTrans, boolean bTrans, int m, int n, int k, float[] a, int aOff,
                    float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        int mp = (m + kern.mr - 1) / kern.mr, np = (n + kern.nr - 1) / kern.nr;
        long plan = FORCE_GRID != 0 ? FORCE_GRID : plan(kern, mp, np, k, Parallel.threads(), bTrans);
        runGrid(kern, (int) (plan >>> 32), (int) plan, aTrans, bTrans, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }

    /** Runs with C cut into ic row chunks × jc column chunks (tests use this to vary the split). */
    static void runGrid(GemmMicroKernel kern, int ic, int jc, boolean aTrans, boolean bTrans, int m, int n, int k,
                        float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        int lda = aTrans ? m : k, ldb = bTrans ? k : n, mr = kern.mr, nr = kern.nr;
        int mp = (m + mr - 1) / mr, np = (n + nr - 1) / nr;
        float[] ap = aTrans || PACK_A == 2 ? packAllA(kern, aTrans, m, k, a, aOff, lda) : null;
        Parallel.forEach(ic * jc, t -> {
            int ti = t / jc, tj = t % jc;
            int i0 = (int) ((long) mp * ti / ic) * mr, i1 = Math.min(m, (int) ((long) mp * (ti + 1) / ic) * mr);
            int j0 = (int) ((long) np * tj / jc) * nr, j1 = Math.min(n, (int) ((long) np * (tj + 1) / jc) * nr);
            if (i0 < i1 && j0 < j1)
                block(kern, bTrans, i0, i1, j0, j1, k, a, aOff, lda, ap, mp * mr, b, bOff, ldb, c, cOff, n, accumulate);
        });
    }

    /** Columns of B per packed block for a tile: {@link #NC} rounded down to whole panels. */
    static int nc(GemmMicroKernel kern) {
        return Math.max(1, NC / kern.nr) * kern.nr;
    }

    /**
     * Packs all of A, in parallel, as MR-row strips per k slice: slice s (starting at pc, depth kb) at
     * pc*mPad, its strip t at + t*kb*MR (rows kb apart). Used for A^T, whose rows are M apart: reading MR of them per k
     * step in place thrashes L1 sets. Done once per call so that tasks share it.
     */
    private static float[] packAllA(GemmMicroKernel kern, boolean aTrans, int m, int k, float[] a, int aOff, int lda) {
        int mr = kern.mr, strips = (m + mr - 1) / mr, mPad = strips * mr, slices = (k + KC - 1) / KC;
        float[] ap = PACKED_A.get();
        if (ap.length < mPad * k) {
            ap = new float[mPad * k];
            PACKED_A.set(ap);
        }
        float[] dst = ap;
        int chunks = Math.max(1, Math.min(strips, 4 * Parallel.threads() / slices + 1));
        Parallel.forEach(slices * chunks, t -> {
            int s = t / chunks, ch = t % chunks;
            int pc = sliceStart(k, s, slices), kb = sliceStart(k, s + 1, slices) - pc;
            int t0 = (int) ((long) strips * ch / chunks), t1 = (int) ((long) strips * (ch + 1) / chunks);
            if (t0 < t1) GemmPack.packAStrips(mr, aTrans, a, aOff, lda, t0 * mr, Math.min(m, t1 * mr), pc, kb, dst, pc * mPad + t0 * kb * mr);
        });
        return ap;
    }

    /** First k index of slice s of slices (slices are as even as possible; the split depends only on k). */
    static int sliceStart(int k, int s, int slices) {
        return (int) ((long) k * s / slices);
    }

    /**
     * Chooses the task grid (row chunks << 32 | column chunks) minimising a rough cycle estimate: whole
     * rounds of tasks, plus half a task for the straggler when another process slows one core (tasks are
     * handed out dynamically, so smaller tasks even that out). Column chunks cost nothing extra (A is
     * read in place or packed once for all tasks); each extra row chunk packs its B columns again.
     */
    static long plan(GemmMicroKernel kern, int mp, int np, int k, int threads, boolean bTrans) {
        if (threads <= 1) return (1L << 32) | 1;
        double packPerElem = bTrans ? 1.5 : 0.6;
        double best = Double.MAX_VALUE;
        long bestPlan = (1L << 32) | 1;
        for (int ic = 1; ic <= Math.min(mp, 8); ic++) {
            for (int jc = 1; jc <= Math.min(np, 64); jc++) {
                int tasks = ic * jc;
                double rows = Math.ceil((double) mp / ic) * kern.mr, cols = Math.ceil((double) np / jc) * kern.nr;
                double task = rows * cols * k / 28.0 + cols * k * packPerElem + 20000;
                double cost = (Math.ceil((double) tasks / threads) + 0.5) * task;
                if (cost < best * 0.999) {
                    best = cost;
                    bestPlan = ((long) ic << 32) | jc;
                }
            }
        }
        return bestPlan;
    }

    private static void block(GemmMicroKernel kern, boolean bTrans, int i0, int i1, int j0, int j1, int k,
                              float[] a, int aOff, int lda, float[] ap, int mPad, float[] b, int bOff, int ldb,
                              float[] c, int cOff, int ldc, boolean accumulate) {
        int KC = GemmBlocked.KC, NC = nc(kern), MR = kern.mr, NR = kern.nr;
        boolean packA = ap != null;
        int strips = (i1 - i0 + MR - 1) / MR;
        Buffers buf = BUFFERS.get().ensure(Math.min(KC, k), NC, kern);
        int slices = (k + KC - 1) / KC;
        for (int s = 0; s < slices; s++) {
            int pc = sliceStart(k, s, slices), kb = sliceStart(k, s + 1, slices) - pc;
            boolean add = accumulate || s > 0;
            for (int jc = j0; jc < j1; jc += NC) {
                int nb = Math.min(NC, j1 - jc);
                int panels = (nb + NR - 1) / NR;
                GemmPack.packB(NR, bTrans, b, bOff, ldb, pc, kb, jc, nb, buf.b);
                for (int t = 0; t < strips; t++) {
                    int ir = i0 + t * MR, mr = Math.min(MR, i1 - ir);
                    // the strip's MR rows of A: in place, or packed (rows kb apart)
                    boolean inPlace = !packA && mr == MR;
                    float[] as = packA ? ap : inPlace ? a : buf.a;
                    int ai = inPlace ? aOff + ir * lda + pc : packA ? pc * mPad + (ir / MR) * kb * MR : 0;
                    int la = inPlace ? lda : kb;
                    if (!packA && !inPlace) GemmPack.packAStrips(MR, false, a, aOff, lda, ir, i1, pc, kb, buf.a, 0);
                    for (int q = 0; q < panels; q++) {
                        int jw = Math.min(NR, nb - q * NR);
                        int ci = cOff + ir * ldc + jc + q * NR, bi = q * kb * NR;
                        boolean full = mr == MR && jw == NR;
                        float[] ct = full ? c : buf.tile;
                        int co = full ? ci : 0, ldt = full ? ldc : NR;
                        boolean addt = full && add;
                        kern.direct(kb, as, ai, la, buf.b, bi, ct, co, ldt, addt);
                        if (!full) merge(NR, buf.tile, mr, jw, c, ci, ldc, add);
                    }
                }
            }
        }
    }

    /** Writes the top-left mr×jw corner of a scratch tile (row stride nr) into C, adding C when add is set. */
    static void merge(int nr, float[] tile, int mr, int jw, float[] c, int ci, int ldc, boolean add) {
        for (int r = 0; r < mr; r++) {
            int t = r * nr, o = ci + r * ldc;
            if (add) for (int j = 0; j < jw; j++) c[o + j] += tile[t + j];
            else System.arraycopy(tile, t, c, o, jw);
        }
    }
}
