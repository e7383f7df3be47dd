package io.hone.core.io;

import java.util.Set;

/** Named tensors, read as FP32 (BF16/F16/F32 converted exactly) or I64. Implemented by safetensors checkpoints. */
public interface TensorSource extends AutoCloseable {
    Set<String> names();

    boolean has(String name);

    /** Shape as stored. Throws {@link io.hone.core.HoneException} naming the tensor when absent. */
    long[] shape(String name);

    /** Whole tensor converted to float32, row-major. */
    float[] floats(String name);

    /**
     * Whole tensor as BF16 bits: BF16 as stored, other float dtypes rounded to nearest even (as torch's
     * {@code .to(torch.bfloat16)}).
     */
    default short[] bf16(String name) {
        float[] f = floats(name);
        short[] out = new short[f.length];
        for (int i = 0; i < f.length; i++) out[i] = Bf16.fromFloat(f[i]);
        return out;
    }

    /** Integer tensor (I64/I32) widened to long. */
    long[] longs(String name);

    /** The tensor's raw little-endian bytes (e.g. U8 quantized weights). */
    default byte[] bytes(String name) {
        throw new io.hone.core.HoneException(describe() + ": raw tensor bytes are not available from this source");
    }

    /** Where the tensors live, for error messages. */
    String describe();

    /** The file holding {@code name} (for error messages); the whole source when it is one file or absent. */
    default String describe(String name) {
        return describe();
    }

    @Override
    void close();
}
