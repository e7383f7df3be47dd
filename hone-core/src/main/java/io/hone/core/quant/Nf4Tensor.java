package io.hone.core.quant;

import io.hone.core.kernel.Parallel;

/**
 * A [rows, cols] FP32 matrix quantized blockwise to 4 bits in bitsandbytes' layout: the row-major flattened
 * values are cut into blocks of {@code blockSize}; each block keeps its fp32 absmax (or, double-quantized, an
 * 8-bit code of it, see {@link DoubleQuant}) and each value the nibble of the nearest code of
 * {@code value · (1/absmax)}. Two nibbles per byte, the even element in the high nibble:
 * {@code packed[i] = q[2i] << 4 | q[2i+1]}; an odd count pads the last low nibble with the code of 0.
 * Dequantized value = {@code code[q] · absmax} in float32 (bitsandbytes' {@code dequantize_4bit} with fp32
 * output; for a bf16/fp16 {@code dtype} bitsandbytes then rounds each weight to that type, hone keeps fp32).
 *
 * @param absmax per-block absmax, or null when {@code nested} holds it
 * @param nested double-quantized absmax, or null
 */
public record Nf4Tensor(QuantType type, int rows, int cols, int blockSize, byte[] packed, float[] absmax, DoubleQuant nested) {

    public Nf4Tensor {
        long n = (long) rows * cols;
        if (rows < 0 || cols < 0 || n > Integer.MAX_VALUE - 1) throw new IllegalArgumentException("bad shape " + rows + "x" + cols);
        if (blockSize < 1 || Integer.bitCount(blockSize) != 1) throw new IllegalArgumentException("block size must be a power of two, got " + blockSize);
        if (packed.length != (n + 1) / 2) throw new IllegalArgumentException("packed has " + packed.length + " bytes, " + rows + "x" + cols + " needs " + (n + 1) / 2);
        int blocks = (int) ((n + blockSize - 1) / blockSize);
        int have = absmax != null ? absmax.length : nested != null ? nested.codes().length : -1;
        if ((absmax == null) == (nested == null)) throw new IllegalArgumentException("exactly one of absmax and nested must be given");
        if (have != blocks) throw new IllegalArgumentException(blocks + " blocks need " + blocks + " absmax values, got " + have);
    }

    public static Nf4Tensor quantize(float[] w, int rows, int cols, QuantConfig cfg) {
        long n = (long) rows * cols;
        if (w.length != n) throw new IllegalArgumentException("weight length " + w.length + " != " + rows + "x" + cols);
        int bs = cfg.blockSize(), blocks = (int) ((n + bs - 1) / bs);
        byte[] packed = new byte[(int) ((n + 1) / 2)];
        float[] absmax = new float[blocks];
        QuantType type = cfg.type();
        Parallel.forRange(blocks, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int from = b * bs, to = (int) Math.min(n, (long) from + bs);
                float max = 0f;
                for (int i = from; i < to; i++) max = Math.max(max, Math.abs(w[i]));
                absmax[b] = max;
                float inv = 1f / max;
                for (int i = from; i < to; i += 2) {
                    int hi = type.quantize(w[i] * inv);
                    int lo = type.quantize(i + 1 < to ? w[i + 1] * inv : 0f * inv);
                    packed[i >> 1] = (byte) (hi << 4 | lo);
                }
            }
        });
        return cfg.doubleQuant()
                ? new Nf4Tensor(type, rows, cols, bs, packed, null, DoubleQuant.quantize(absmax))
                : new Nf4Tensor(type, rows, cols, bs, packed, absmax, null);
    }

    public long size() {
        return (long) rows * cols;
    }

    public int blocks() {
        return (int) ((size() + blockSize - 1) / blockSize);
    }

    public boolean doubleQuant() {
        return nested != null;
    }

    public QuantConfig config() {
        return new QuantConfig(type, blockSize, nested != null);
    }

    /** The absmax of block b as the dequantizer uses it. */
    public float scale(int b) {
        return absmax != null ? absmax[b] : nested.absmax(b);
    }

    /** All block absmax values, decoded. */
    public float[] scales() {
        return absmax != null ? absmax.clone() : nested.decode();
    }

    /** The nibble of flattened element i. */
    public int nibble(long i) {
        int b = packed[(int) (i >> 1)];
        return (i & 1) == 0 ? (b >> 4) & 15 : b & 15;
    }

    /** The full FP32 matrix (tests, error studies, export); kernels decode tiles instead. */
    public float[] dequantize() {
        float[] out = new float[(int) size()];
        decode(0, out.length, out, 0);
        return out;
    }

    /** Decodes flattened elements [from, from + count) into dst[dOff ..]. */
    public void decode(long from, int count, float[] dst, int dOff) {
        long i = from, end = from + count;
        while (i < end) {
            int b = (int) (i / blockSize);
            long bEnd = Math.min(end, (long) (b + 1) * blockSize);
            float s = scale(b);
            for (; i < bEnd; i++) dst[dOff++] = type.codeAt(nibble(i)) * s;
        }
    }

    /**
     * Storage in bits per parameter as bitsandbytes keeps it: packed nibbles, absmax (fp32, or 8-bit codes +
     * fp32 nested scales + the 256-value nested map + offset) and the 16-value code.
     */
    public double bitsPerParameter() {
        double bits = packed.length * 8.0 + 16 * 32;
        if (nested == null) bits += absmax.length * 32.0;
        else bits += nested.codes().length * 8.0 + nested.scales().length * 32.0 + 256 * 32 + 32;
        return bits / size();
    }
}
