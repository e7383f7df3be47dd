package io.hone.core.quant;

import java.util.Arrays;

/**
 * bitsandbytes' 8-bit dynamic map ({@code create_dynamic_map(signed=True)}, the code of
 * {@code quantize_blockwise}) and its nearest-code search ({@code dQuantize<0>} in kernels.cu).
 *
 * <p>The map is built in float32 exactly as torch does it: {@code torch.linspace(0.1, 1, 2^i + 1)} for
 * i = 0..6, means of neighbours, times {@code 10^(i-6)} (±), plus 0 and 1, sorted. torch's CPU linspace
 * computes whole vectors from one base ({@code base + l·step}) and the last bits of a few entries depend on
 * the vector width it was built for; {@link #TORCH_VECTOR_WIDTH} = 16 floats (AVX-512, what torch picks on
 * AVX-512 hosts) gives the map below. Checkpoints carry their map ({@code nested_quant_map}), and reading always
 * uses the stored one.
 */
public final class DynamicMap {
    static final int TORCH_VECTOR_WIDTH = 16;
    private static final float[] SIGNED = build(TORCH_VECTOR_WIDTH);

    private DynamicMap() {}

    /** The 256 values of {@code create_dynamic_map(signed=True)} (a copy), ascending. */
    public static float[] signed() {
        return SIGNED.clone();
    }

    static float[] signedShared() {
        return SIGNED;
    }

    static float[] build(int vectorWidth) {
        float[] data = new float[256];
        int n = 0;
        double[] scales = {1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1};
        for (int i = 0; i < 7; i++) {
            float[] b = torchLinspace(0.1f, 1f, (1 << i) + 1, vectorWidth);
            float s = (float) scales[i];
            for (int j = 0; j + 1 < b.length; j++) {
                float mean = (b[j] + b[j + 1]) / 2f;
                data[n++] = s * mean;
                data[n++] = -s * mean;
            }
        }
        data[n++] = 0f;
        data[n++] = 1f;
        if (n != 256) throw new AssertionError(n);
        Arrays.sort(data);
        return data;
    }

    /** torch's CPU {@code linspace_kernel} in float32: pairs of vectors of {@code width} lanes, then scalars. */
    static float[] torchLinspace(float start, float end, int steps, int width) {
        float step = (end - start) / (float) (steps - 1);
        int half = steps / 2;
        float[] out = new float[steps];
        int i = 0;
        if (width > 1) {
            for (; i <= steps - 2 * width; i += 2 * width) {
                for (int v = i; v < i + 2 * width; v += width) {
                    float base = v < half ? start + step * v : end - step * (steps - v - 1);
                    for (int l = 0; l < width; l++) out[v + l] = base + l * step;
                }
            }
        }
        for (; i < steps; i++) out[i] = i < half ? start + step * i : end - step * (steps - i - 1);
        return out;
    }

    /**
     * The index bitsandbytes' {@code dQuantize<0>} picks for x in a sorted 256-entry code: a 7-step binary search
     * from the middle, then the nearer of the last two candidates by float midpoint (ties keep the searched pivot).
     */
    public static int quantize(float[] code, float x) {
        int pivot = 127, upperPivot = 255, lowerPivot = 0;
        float lower = -1f, upper = 1f;
        float val = code[pivot];
        for (int i = 64; i > 0; i >>= 1) {
            if (x > val) {
                lowerPivot = pivot;
                lower = val;
                pivot += i;
            } else {
                upperPivot = pivot;
                upper = val;
                pivot -= i;
            }
            val = code[pivot];
        }
        if (upperPivot == 255) upper = code[upperPivot];
        if (lowerPivot == 0) lower = code[lowerPivot];
        if (x > val) {
            float midpoint = (upper + val) * 0.5f;
            return x > midpoint ? upperPivot : pivot;
        } else {
            float midpoint = (lower + val) * 0.5f;
            return x < midpoint ? lowerPivot : pivot;
        }
    }
}
