package io.hone.core.quant;

/**
 * How to quantize a weight: code book, block size (a power of two, 32..4096; bitsandbytes' kernels take
 * 64..4096) and whether the block absmax is double-quantized. QLoRA's recipe is {@link #QLORA}.
 */
public record QuantConfig(QuantType type, int blockSize, boolean doubleQuant) {
    public static final QuantConfig QLORA = new QuantConfig(QuantType.NF4, 64, true);

    public QuantConfig {
        if (blockSize < 32 || blockSize > 4096 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("block size must be a power of two in 32..4096, got " + blockSize);
        }
    }
}
