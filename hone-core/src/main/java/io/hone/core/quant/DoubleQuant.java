package io.hone.core.quant;

/**
 * QLoRA double quantization of the per-block absmax (bitsandbytes {@code compress_statistics}):
 * {@code offset = mean(absmax)}; {@code absmax - offset} is quantized blockwise ({@link #BLOCK} values per
 * block) to 8 bits with the signed {@link DynamicMap}, one fp32 scale per block. Decoding is bitsandbytes'
 * {@code dequantize_blockwise(...) + offset}: {@code map[code] * scale}, then {@code + offset}, each rounded to
 * float32.
 *
 * @param codes  one byte per absmax ({@code weight.absmax}, U8)
 * @param scales one absmax of the centred absmax per {@link #BLOCK} ({@code weight.nested_absmax})
 * @param map    the 256-value code ({@code weight.nested_quant_map})
 * @param offset {@code nested_offset}
 */
public record DoubleQuant(byte[] codes, float[] scales, float[] map, float offset) {
    /** bitsandbytes' nested block size ({@code quantize_blockwise(..., blocksize=256)}). */
    public static final int BLOCK = 256;

    public DoubleQuant {
        if (map.length != 256) throw new IllegalArgumentException("nested quant map has " + map.length + " values, expected 256");
        if (scales.length != (codes.length + BLOCK - 1) / BLOCK) {
            throw new IllegalArgumentException(codes.length + " codes need " + (codes.length + BLOCK - 1) / BLOCK + " scales, got " + scales.length);
        }
    }

    public static DoubleQuant quantize(float[] absmax) {
        double sum = 0;
        for (float a : absmax) sum += a;
        float offset = absmax.length == 0 ? 0f : (float) (sum / absmax.length);
        float[] map = DynamicMap.signedShared();
        int n = absmax.length, blocks = (n + BLOCK - 1) / BLOCK;
        byte[] codes = new byte[n];
        float[] scales = new float[blocks];
        float[] centred = new float[Math.min(n, BLOCK)];
        for (int b = 0; b < blocks; b++) {
            int from = b * BLOCK, to = Math.min(n, from + BLOCK);
            float max = 0f;
            for (int i = from; i < to; i++) {
                centred[i - from] = absmax[i] - offset;
                max = Math.max(max, Math.abs(centred[i - from]));
            }
            scales[b] = max;
            float inv = 1f / max;
            for (int i = from; i < to; i++) codes[i] = (byte) DynamicMap.quantize(map, centred[i - from] * inv);
        }
        return new DoubleQuant(codes, scales, map.clone(), offset);
    }

    /** The decoded absmax of block i. */
    public float absmax(int i) {
        return map[codes[i] & 0xFF] * scales[i / BLOCK] + offset;
    }

    public float[] decode() {
        float[] out = new float[codes.length];
        for (int i = 0; i < out.length; i++) out[i] = absmax(i);
        return out;
    }
}
