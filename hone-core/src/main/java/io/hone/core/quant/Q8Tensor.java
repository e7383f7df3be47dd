package io.hone.core.quant;

/**
 * A [rows, cols] weight in 8-bit groups, llama.cpp's Q8_0 recipe: each row is cut into groups of {@code groupSize}
 * values (the last group of a row may be shorter), each group stores {@code d = absmax / 127} as an FP32 scale (Q8_0
 * stores it as FP16) and {@code q = round(x / d)} as signed bytes (half away from zero, as C's {@code roundf}; an
 * all-zero group has d = 0 and q = 0). The value is {@code q · d} in float.
 */
public record Q8Tensor(int rows, int cols, int groupSize, byte[] q, float[] scales) {
    /** llama.cpp's Q8_0 block. */
    public static final int Q8_0_GROUP = 32;

    public Q8Tensor {
        if (groupSize < 1) throw new IllegalArgumentException("group size must be positive, got " + groupSize);
        if (q.length != (long) rows * cols) throw new IllegalArgumentException("q length " + q.length + " != " + rows + "x" + cols);
        if (scales.length != (long) rows * groupsPerRow(cols, groupSize)) {
            throw new IllegalArgumentException("scales length " + scales.length + " != " + rows + "x" + groupsPerRow(cols, groupSize));
        }
    }

    public static Q8Tensor quantize(float[] w, int rows, int cols, int groupSize) {
        if (w.length != (long) rows * cols) throw new IllegalArgumentException("weight length " + w.length + " != " + rows + "x" + cols);
        int gpr = groupsPerRow(cols, groupSize);
        byte[] q = new byte[w.length];
        float[] scales = new float[rows * gpr];
        for (int r = 0; r < rows; r++) {
            for (int g = 0; g < gpr; g++) {
                int from = r * cols + g * groupSize, to = r * cols + Math.min(cols, (g + 1) * groupSize);
                float amax = 0f;
                for (int i = from; i < to; i++) amax = Math.max(amax, Math.abs(w[i]));
                float d = amax / 127f, id = d != 0f ? 1f / d : 0f;
                scales[r * gpr + g] = d;
                for (int i = from; i < to; i++) q[i] = (byte) roundHalfAway(w[i] * id);
            }
        }
        return new Q8Tensor(rows, cols, groupSize, q, scales);
    }

    /** C's {@code roundf}: nearest integer, halves away from zero (exact: no {@code + 0.5f} rounding error). */
    static int roundHalfAway(float v) {
        float a = Math.abs(v), f = (float) Math.floor(a);
        if (a - f >= 0.5f) f += 1f;
        return (int) Math.copySign(f, v);
    }

    static int groupsPerRow(int cols, int groupSize) {
        return (cols + groupSize - 1) / groupSize;
    }

    public int groupsPerRow() {
        return groupsPerRow(cols, groupSize);
    }

    public float scale(int row, int group) {
        return scales[row * groupsPerRow() + group];
    }

    /** Element (r, c) as the kernels use it: {@code q · d} in float. */
    public float get(int r, int c) {
        return q[r * cols + c] * scale(r, c / groupSize);
    }

    public float[] dequantize() {
        float[] w = new float[q.length];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) w[r * cols + c] = get(r, c);
        return w;
    }

    /** Bytes a matmul streams: one byte per value plus an FP32 scale per group. */
    public long bytes() {
        return q.length + 4L * scales.length;
    }
}
