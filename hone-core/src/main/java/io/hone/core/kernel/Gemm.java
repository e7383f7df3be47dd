package io.hone.core.kernel;

import java.util.Arrays;

/**
 * FP32 GEMM on row-major float arrays. Three layouts cover a linear layer's forward and backward:
 * <ul>
 *   <li>{@link #nt}: C[M,N] (+)= A[M,K] · B[N,K]^T — forward y = x W^T (HF weights are [out, in])</li>
 *   <li>{@link #nn}: C[M,N] (+)= A[M,K] · B[K,N] — input gradient dx = dy W</li>
 *   <li>{@link #tn}: C[M,N] (+)= A[K,M]^T · B[K,N] — weight gradient dW = dy^T x</li>
 * </ul>
 * When {@code accumulate} is false C is overwritten. Offsets let callers address slices of bigger buffers.
 *
 * <p>Implementation: a cache-blocked, packed, register-tiled Vector API kernel ({@link GemmBlocked},
 * {@link GemmMicroKernel}) split over {@link Parallel}; for a few rows (decode: M = 1) paths that stream B
 * once without packing it ({@link GemmSmall}: dot products for nt when M &lt;= max(8, K/64) capped at 40,
 * B read in place for nn/tn when M &lt;= 24). {@code GemmReference} (src/test) is the scalar reference. See
 * hone-core/README.md, section kernel, for the blocking and measured speed.
 *
 * <p>Determinism: every element of C is computed by exactly one thread, with an order of additions that
 * depends only on (layout, M, K) — never on the thread count, the task split, or where the element
 * lies in its tile. So the same inputs give bit-identical outputs for any {@code hone.threads}, on every
 * call (the Vector API code has no order-dependent reductions, so compiled and interpreted code agree).
 * Results may differ in the last bits from {@code GemmReference} (src/test) (k is summed in slices of
 * {@code hone.gemm.kc}, or in vector lanes on the few-rows nt path) and between a few-rows call and the
 * same rows computed inside a bigger M. Inference that must not depend on how rows are grouped (batched decoding,
 * a prompt prefilled in pieces after a shared prefix) binds {@link #ROWS} to pin the path: within one path every
 * row's bits are independent of M and of the row's place in the call.
 */
public final class Gemm {
    /** Which nt path a call takes: by shape (the default), always the few-rows dot products, or always the blocked kernel. */
    public enum Rows { AUTO, FEW, MANY }

    /** Bound by inference code to pin {@link #nt}'s path (decode steps: FEW; prefill: MANY); unbound means AUTO. */
    public static final ScopedValue<Rows> ROWS = ScopedValue.newInstance();

    /** Row counts up to these use the unpacked few-rows paths (tuning knobs, see GemmTune). */
    static int smallNt = Integer.getInteger("hone.gemm.smallnt", 40);
    static int smallNn = Integer.getInteger("hone.gemm.smallnn", 24);

    private Gemm() {}

    public static void nt(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        if (trivial(m, n, k, a, aOff, b, bOff, c, cOff, accumulate)) return;
        if (fewRows(m, k)) GemmSmall.nt(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
        else GemmBlocked.run(false, true, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }

    /** Whether an nt call of this shape takes the few-rows path, {@link #ROWS} considered. */
    public static boolean fewRows(int m, int k) {
        return switch (ROWS.orElse(Rows.AUTO)) {
            case FEW -> true;
            case MANY -> false;
            case AUTO -> m <= Math.min(smallNt, Math.max(8, k / 64));
        };
    }

    public static void nn(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        if (trivial(m, n, k, a, aOff, b, bOff, c, cOff, accumulate)) return;
        if (m <= smallNn) GemmSmall.nnRows(false, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
        else GemmBlocked.run(false, false, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }

    public static void tn(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        if (trivial(m, n, k, a, aOff, b, bOff, c, cOff, accumulate)) return;
        if (m <= smallNn) GemmSmall.nnRows(true, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
        else GemmBlocked.run(true, false, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    }

    /** Checks the arguments; handles empty shapes (k = 0 clears C unless accumulating). True when done. */
    private static boolean trivial(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                                   float[] c, int cOff, boolean accumulate) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("negative GEMM shape m=" + m + " n=" + n + " k=" + k);
        check("A", a, aOff, (long) m * k);
        check("B", b, bOff, (long) k * n);
        check("C", c, cOff, (long) m * n);
        if (m == 0 || n == 0) return true;
        if (k == 0) {
            if (!accumulate) Arrays.fill(c, cOff, cOff + m * n, 0f);
            return true;
        }
        return false;
    }

    private static void check(String name, float[] x, int off, long size) {
        if (off < 0 || off + size > x.length)
            throw new IndexOutOfBoundsException(name + ": offset " + off + " + size " + size + " exceeds length " + x.length);
    }
}
