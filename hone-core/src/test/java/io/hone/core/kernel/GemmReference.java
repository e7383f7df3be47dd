package io.hone.core.kernel;

/**
 * Scalar reference for {@link Gemm} (same signatures and semantics): plain loops, one fused multiply-add
 * per term, no blocking. Slow; for tests and for checking faster kernels.
 *
 * FP32 GEMM on row-major float arrays. Three layouts cover a linear layer's forward and backward:
 * <ul>
 *   <li>{@link #nt}: C[M,N] (+)= A[M,K] · B[N,K]^T — forward y = x W^T (HF weights are [out, in])</li>
 *   <li>{@link #nn}: C[M,N] (+)= A[M,K] · B[K,N] — input gradient dx = dy W</li>
 *   <li>{@link #tn}: C[M,N] (+)= A[K,M]^T · B[K,N] — weight gradient dW = dy^T x</li>
 * </ul>
 * When {@code accumulate} is false C is overwritten. Offsets let callers address slices of bigger buffers.
 */
public final class GemmReference {
    private GemmReference() {}

    public static void nt(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        Parallel.forRange(m, (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                for (int j = 0; j < n; j++) {
                    float s = 0f;
                    int ai = aOff + i * k, bj = bOff + j * k;
                    for (int p = 0; p < k; p++) s = Math.fma(a[ai + p], b[bj + p], s);
                    int ci = cOff + i * n + j;
                    c[ci] = accumulate ? c[ci] + s : s;
                }
            }
        });
    }

    public static void nn(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        Parallel.forRange(m, (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int ci = cOff + i * n;
                if (!accumulate) java.util.Arrays.fill(c, ci, ci + n, 0f);
                for (int p = 0; p < k; p++) {
                    float av = a[aOff + i * k + p];
                    int bp = bOff + p * n;
                    for (int j = 0; j < n; j++) c[ci + j] = Math.fma(av, b[bp + j], c[ci + j]);
                }
            }
        });
    }

    public static void tn(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
        Parallel.forRange(m, (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int ci = cOff + i * n;
                if (!accumulate) java.util.Arrays.fill(c, ci, ci + n, 0f);
                for (int p = 0; p < k; p++) {
                    float av = a[aOff + p * m + i];
                    int bp = bOff + p * n;
                    for (int j = 0; j < n; j++) c[ci + j] = Math.fma(av, b[bp + j], c[ci + j]);
                }
            }
        });
    }
}
