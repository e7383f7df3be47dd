package io.hone.core.kernel;

/**
 * C[M,N] (+)= A[M,K] · B[K,N] with B produced panel by panel by the caller — the hook for weights that are not
 * stored as FP32 (quantized weights decode a KC×NR panel straight into the packed layout, so no full FP32 copy
 * ever exists). Same loop nest, task split and micro-kernel as {@link GemmBlocked}; k slices start at
 * multiples of {@code kAlign} so a decoder's blocks never straddle a slice. The panel width is the NR of the
 * JVM's micro-kernel ({@link GemmKernelChoice}), fixed at startup.
 */
public final class GemmPanels {
    /** Width of one packed panel (columns of B), a multiple of the vector length. */
    public static final int PANEL = GemmKernelChoice.CHOSEN.nr;

    /** Writes B[p0 .. p0+kb, j0 .. j0+nb] into dst as panels of {@link #PANEL} columns: panel q holds
     * B[p0+p, j0+q·PANEL+jj] at {@code dst[q·kb·PANEL + p·PANEL + jj]}, columns past nb zero. */
    @FunctionalInterface
    public interface PanelSource {
        void pack(int p0, int kb, int j0, int nb, float[] dst);
    }

    private static final class Buffers {
        float[] b = new float[0];
        float[] a = new float[0];
        float[] tile = new float[0];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private GemmPanels() {}

    public static void run(int m, int n, int k, float[] a, int aOff, PanelSource b, int kAlign,
                           float[] c, int cOff, boolean accumulate) {
        run(GemmKernelChoice.CHOSEN, m, n, k, a, aOff, b, kAlign, c, cOff, accumulate);
    }

    /** {@link #run} with a given micro-kernel, whose NR is the panel width b must write (tests run every tile). */
    static void run(GemmMicroKernel kern, int m, int n, int k, float[] a, int aOff, PanelSource b, int kAlign,
                    float[] c, int cOff, boolean accumulate) {
        if (m <= 0 || n <= 0) return;
        int MR = kern.mr, NR = kern.nr;
        if (k == 0) {
            if (!accumulate) java.util.Arrays.fill(c, cOff, cOff + m * n, 0f);
            return;
        }
        int mp = (m + MR - 1) / MR, np = (n + NR - 1) / NR;
        long plan = GemmBlocked.plan(kern, mp, np, k, Parallel.threads(), true);
        int ic = (int) (plan >>> 32), jc = (int) plan;
        int slices = (k + GemmBlocked.KC - 1) / GemmBlocked.KC;
        int align = Math.max(1, kAlign);
        int kc = ((k + slices - 1) / slices + align - 1) / align * align;
        Parallel.forEach(ic * jc, t -> {
            int ti = t / jc, tj = t % jc;
            int i0 = (int) ((long) mp * ti / ic) * MR, i1 = Math.min(m, (int) ((long) mp * (ti + 1) / ic) * MR);
            int j0 = (int) ((long) np * tj / jc) * NR, j1 = Math.min(n, (int) ((long) np * (tj + 1) / jc) * NR);
            if (i0 < i1 && j0 < j1) block(kern, i0, i1, j0, j1, k, kc, a, aOff, b, c, cOff, n, accumulate);
        });
    }

    private static void block(GemmMicroKernel kern, int i0, int i1, int j0, int j1, int k, int kc, float[] a, int aOff,
                              PanelSource src, float[] c, int cOff, int ldc, boolean accumulate) {
        int NC = GemmBlocked.nc(kern), MR = kern.mr, NR = kern.nr;
        Buffers buf = BUFFERS.get();
        if (buf.b.length < Math.min(kc, k) * NC) buf.b = new float[Math.min(kc, k) * NC];
        if (buf.a.length < Math.min(kc, k) * MR) buf.a = new float[Math.min(kc, k) * MR];
        if (buf.tile.length < MR * NR) buf.tile = new float[MR * NR];
        int strips = (i1 - i0 + MR - 1) / MR;
        for (int pc = 0; pc < k; pc += kc) {
            int kb = Math.min(kc, k - pc);
            boolean add = accumulate || pc > 0;
            for (int jc = j0; jc < j1; jc += NC) {
                int nb = Math.min(NC, j1 - jc);
                int panels = (nb + NR - 1) / NR;
                src.pack(pc, kb, jc, nb, buf.b);
                for (int t = 0; t < strips; t++) {
                    int ir = i0 + t * MR, mr = Math.min(MR, i1 - ir);
                    boolean direct = mr == MR;
                    int ai = aOff + ir * k + pc;
                    if (!direct) GemmPack.packAStrips(MR, false, a, aOff, k, ir, i1, pc, kb, buf.a, 0);
                    for (int q = 0; q < panels; q++) {
                        int jw = Math.min(NR, nb - q * NR);
                        int ci = cOff + ir * ldc + jc + q * NR, bi = q * kb * NR;
                        boolean full = direct && jw == NR;
                        float[] ct = full ? c : buf.tile;
                        int co = full ? ci : 0, ldt = full ? ldc : NR;
                        if (direct) kern.direct(kb, a, ai, k, buf.b, bi, ct, co, ldt, full && add);
                        else kern.direct(kb, buf.a, 0, kb, buf.b, bi, ct, co, ldt, false);
                        if (!full) GemmBlocked.merge(NR, buf.tile, mr, jw, c, ci, ldc, add);
                    }
                }
            }
        }
    }

    /**
     * Packs rows-of-B-transposed: {@code src} holds jw rows of kb values (row stride ld), row jj becoming panel
     * column jj: dst[dOff + p·PANEL + jj] = src[srcOff + jj·ld + p], columns jw.. zero. For decoders of [N,K] weights.
     */
    public static void packTransposed(float[] src, int srcOff, int ld, int kb, int jw, float[] dst, int dOff) {
        GemmPack.packPanelT(PANEL, src, srcOff, ld, kb, jw, dst, dOff);
    }
}
