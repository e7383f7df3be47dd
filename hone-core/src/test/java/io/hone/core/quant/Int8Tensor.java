package io.hone.core.quant;

/**
 * Row-wise absmax int8 (LLM.int8()'s weight format: bitsandbytes {@code int8_vectorwise_quant}):
 * {@code q = rint(x · 127/absmax_row)}, value = {@code q · absmax_row · (1/127)}. For comparison with the 4-bit
 * formats; no kernel reads it.
 */
public record Int8Tensor(int rows, int cols, byte[] q, float[] rowAbsmax) {
    private static final float INV_127 = 7.874015718698502e-3f;

    public static Int8Tensor quantize(float[] w, int rows, int cols) {
        if (w.length != (long) rows * cols) throw new IllegalArgumentException("weight length " + w.length + " != " + rows + "x" + cols);
        byte[] q = new byte[w.length];
        float[] absmax = new float[rows];
        for (int r = 0; r < rows; r++) {
            float max = 0f;
            for (int c = 0, o = r * cols; c < cols; c++) max = Math.max(max, Math.abs(w[o + c]));
            absmax[r] = max;
            float s = max == 0f ? 0f : 127f / max;
            for (int c = 0, o = r * cols; c < cols; c++) q[o + c] = (byte) Math.rint(w[o + c] * s);
        }
        return new Int8Tensor(rows, cols, q, absmax);
    }

    public float[] dequantize() {
        float[] out = new float[q.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0, o = r * cols; c < cols; c++) out[o + c] = q[o + c] * rowAbsmax[r] * INV_127;
        }
        return out;
    }

    /** 8 bits per value plus one fp32 absmax per row. */
    public double bitsPerParameter() {
        return (q.length * 8.0 + rows * 32.0) / q.length;
    }
}
