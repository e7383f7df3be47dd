package io.hone.core.quant;

import io.hone.core.kernel.GemmPanels;
import jdk.incubator.vector.FloatVector;

import java.util.Arrays;

/** {@link GemmPanels.PanelSource}s that decode a {@link Nf4Tensor} W [out, in] tile by tile. */
final class Nf4Panels {
    private static final int P = GemmPanels.PANEL;
    private static final ThreadLocal<float[][]> ROWS = ThreadLocal.withInitial(() -> new float[][]{new float[0]});

    private Nf4Panels() {}

    /**
     * Forward y = x·Wᵀ: B[p, j] = W[j, p]. Each panel's PANEL weight rows are decoded (contiguous runs) into a
     * per-thread buffer, then transposed into the panel in registers as the FP32 path packs Wᵀ.
     */
    static GemmPanels.PanelSource transposed(Nf4Tensor w) {
        FloatVector code = Nf4Decode.codeVector(w.type());
        int cols = w.cols();
        return (p0, kb, j0, nb, dst) -> {
            float[][] holder = ROWS.get();
            if (holder[0].length < P * kb) holder[0] = new float[P * kb];
            float[] rows = holder[0];
            for (int q = 0; q * P < nb; q++) {
                int jw = Math.min(P, nb - q * P);
                for (int jj = 0; jj < jw; jj++) Nf4Decode.decode(w, code, (j0 + q * P + jj) * cols + p0, kb, rows, jj * kb);
                GemmPanels.packTransposed(rows, 0, kb, kb, jw, dst, q * kb * P);
            }
        };
    }

    /** Input gradient dx = dy·W: B[p, j] = W[p, j], each panel row a contiguous run of a weight row. */
    static GemmPanels.PanelSource direct(Nf4Tensor w) {
        FloatVector code = Nf4Decode.codeVector(w.type());
        int cols = w.cols();
        return (p0, kb, j0, nb, dst) -> {
            for (int q = 0; q * P < nb; q++) {
                int jw = Math.min(P, nb - q * P), d = q * kb * P;
                for (int p = 0; p < kb; p++, d += P) {
                    Nf4Decode.decode(w, code, (p0 + p) * cols + j0 + q * P, jw, dst, d);
                    if (jw < P) Arrays.fill(dst, d + jw, d + P, 0f);
                }
            }
        };
    }
}
