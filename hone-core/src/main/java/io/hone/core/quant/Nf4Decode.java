package io.hone.core.quant;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Decodes runs of a {@link Nf4Tensor} into floats. With 16-float vectors (AVX-512) the 16-entry code book
 * fits one register: each block's codes are scaled by its absmax once ({@code code · absmax}, the same float
 * product bitsandbytes computes per element), and 16 values are one 8-byte load, a shift/mask to 16 nibble
 * indices and a lane permute. Other vector widths, and runs not aligned to 16 elements, decode scalar.
 */
final class Nf4Decode {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    static final boolean VECTOR = S.length() == 16 && I.length() == 16;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Lane 2i takes byte i's high nibble, lane 2i+1 its low one; lanes 8.. read the upper 4 bytes. */
    private static final IntVector SHIFTS = VECTOR ? IntVector.fromArray(I, new int[]{4, 0, 12, 8, 20, 16, 28, 24, 4, 0, 12, 8, 20, 16, 28, 24}, 0) : null;
    private static final VectorMask<Integer> UPPER = VECTOR ? VectorMask.fromLong(I, 0xFF00L) : null;

    private Nf4Decode() {}

    static FloatVector codeVector(QuantType type) {
        return FloatVector.fromArray(S, type.code(), 0);
    }

    /** True when 16-element groups starting at a multiple of 16 never straddle a block. */
    static boolean vectorizable(Nf4Tensor t) {
        return VECTOR && t.blockSize() >= 16;
    }

    /** The 16 values at flattened index e (a multiple of 16) from the block's scaled code book (as int bits). */
    static FloatVector decode16(byte[] packed, int e, IntVector scaledCode) {
        long v = (long) LONG_LE.get(packed, e >>> 1);
        IntVector idx = IntVector.broadcast(I, (int) v).blend((long) (int) (v >>> 32), UPPER)
                .lanewise(VectorOperators.LSHR, SHIFTS).and(15);
        return idx.selectFrom(scaledCode).reinterpretAsFloats();
    }

    /** The block's code book times its absmax, as int bits for {@link #decode16}. */
    static IntVector scaled(FloatVector code, float absmax) {
        return code.mul(absmax).reinterpretAsInts();
    }

    /** dst[dOff ..] = elements [from, from + count) of t. */
    static void decode(Nf4Tensor t, FloatVector code, int from, int count, float[] dst, int dOff) {
        int i = from, end = from + count;
        if (vectorizable(t)) {
            int head = Math.min(end, (i + 15) & ~15);
            if (head > i) {
                t.decode(i, head - i, dst, dOff);
                dOff += head - i;
                i = head;
            }
            byte[] packed = t.packed();
            int shift = Integer.numberOfTrailingZeros(t.blockSize());
            while (end - i >= 16) {
                int b = i >>> shift;
                IntVector sc = scaled(code, t.scale(b));
                int stop = Math.min(end, (b + 1) << shift) - 15;
                for (; i < stop; i += 16, dOff += 16) decode16(packed, i, sc).intoArray(dst, dOff);
            }
        }
        if (i < end) t.decode(i, end - i, dst, dOff);
    }
}
