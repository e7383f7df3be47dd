package io.hone.train;

import java.util.Arrays;

/**
 * One trainable tensor: its live FP32 values, the gradient buffer that backward accumulates into, and its shape.
 * Names are the keys the tensor has on disk: PEFT adapter keys
 * ({@code base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight}, DoRA {@code ...lora_magnitude_vector})
 * or Hugging Face model keys in full fine-tuning ({@code model.layers.0.mlp.up_proj.weight}).
 */
public record Param(String name, float[] value, float[] grad, long[] shape) {
    public Param {
        long n = 1;
        for (long s : shape) n *= s;
        if (value.length != n || grad.length != n) {
            throw new IllegalArgumentException(name + ": " + value.length + " values / " + grad.length + " grads for shape " + Arrays.toString(shape));
        }
    }

    public static Param of(String name, float[] value, long... shape) {
        return new Param(name, value, new float[value.length], shape);
    }

    public void zeroGrad() {
        Arrays.fill(grad, 0f);
    }
}
