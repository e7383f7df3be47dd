package io.hone.core.io;

/** bfloat16 conversions (the top 16 bits of an IEEE float32). */
public final class Bf16 {
    private Bf16() {
    }

    /** Exact widening. */
    public static float toFloat(short bits) {
        return Float.intBitsToFloat(bits << 16);
    }

    /**
     * Rounds to nearest, ties to even, as PyTorch's {@code c10::BFloat16} does; NaN becomes the canonical
     * quiet NaN {@code 0x7FC0}, and values past the largest BF16 round to infinity.
     */
    public static short fromFloat(float f) {
        if (Float.isNaN(f)) return (short) 0x7FC0;
        int bits = Float.floatToRawIntBits(f);
        int lsb = (bits >>> 16) & 1;
        return (short) ((bits + 0x7FFF + lsb) >>> 16);
    }
}
