package io.hone.core.ops;

import io.hone.core.kernel.Parallel;
import io.hone.core.kernel.VectorOps;

/**
 * The reference backward of {@link CausalAttention} from saved probabilities, for the tests: training runs
 * {@link FlashAttention#backward} (recomputed probabilities); this is what it is checked against.
 */
final class CausalAttentionBackward {
    private CausalAttentionBackward() {}

    /**
     * Backward of {@link CausalAttention#forward} from the saved probabilities P (layouts and offsets as there; q and k are the
     * post-RoPE values the forward saw). Accumulates into dq, dk, dv:
     * dV_j += Σ_t P_tj·dO_t; dP_tj = dO_t·V_j; dS_tj = P_tj·(dP_tj − Σ_j' P_tj'·dP_tj'); dQ_t += scale·Σ_j dS_tj·K_j;
     * dK_j += scale·Σ_t dS_tj·Q_t. The query heads of a group sum into their KV head; work is split by KV head so
     * no two threads write the same dk/dv row.
     */
    static void backward(float[] q, float[] k, float[] v, float[] probs, int pOff, float[] dOut,
                                float[] dq, float[] dk, float[] dv, int qRow0, int kvRow0, int rows, int pos0,
                                int heads, int kvHeads, int d, int window) {
        int group = heads / kvHeads;
        int qStride = heads * d, kvStride = kvHeads * d, span = pos0 + rows;
        int qBase = qRow0 * qStride, kvBase = kvRow0 * kvStride;
        float scale = (float) (1.0 / Math.sqrt(d));
        Parallel.forEach(kvHeads, kvh -> {
            float[] ds = new float[span];
            for (int h = kvh * group; h < (kvh + 1) * group; h++) {
                for (int t = 0; t < rows; t++) {
                    int qo = qBase + t * qStride + h * d, pos = pos0 + t;
                    int first = window > 0 ? Math.max(0, pos - window + 1) : 0;
                    int pRow = pOff + (h * rows + t) * span;
                    double dot = 0;
                    for (int j = first; j <= pos; j++) {
                        int vo = kvBase + j * kvStride + kvh * d;
                        float dp = VectorOps.dot(dOut, qo, v, vo, d);
                        ds[j] = dp;
                        dot += (double) probs[pRow + j] * dp;
                    }
                    float sum = (float) dot;
                    for (int j = first; j <= pos; j++) {
                        float p = probs[pRow + j];
                        float g = p * (ds[j] - sum) * scale;
                        int ko = kvBase + j * kvStride + kvh * d;
                        for (int i = 0; i < d; i++) {
                            dq[qo + i] = Math.fma(g, k[ko + i], dq[qo + i]);
                            dk[ko + i] = Math.fma(g, q[qo + i], dk[ko + i]);
                            dv[ko + i] = Math.fma(p, dOut[qo + i], dv[ko + i]);
                        }
                    }
                }
            }
        });
    }
}
