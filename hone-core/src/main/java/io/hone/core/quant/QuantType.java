package io.hone.core.quant;

/**
 * The 4-bit code books. NF4 and FP4 are bitsandbytes' ({@code get_4bit_type}); their {@link #quantize} is
 * bitsandbytes' CUDA decision tree ({@code dQuantizeNF4}/{@code dQuantizeFP4}): the thresholds are its float
 * literals (midpoints of neighbouring codes) and a value equal to a threshold takes the lower code. NaN (an
 * all-zero block scaled by 1/0) becomes code 0, as there. INT4 is a uniform grid (k/7, k = -7..7) for comparison
 * only: bitsandbytes' 4-bit kernels and checkpoints know nf4 and fp4.
 */
public enum QuantType {
    NF4("nf4"),
    FP4("fp4"),
    INT4("int4");

    /** Holder: an enum constructor cannot read the enum's own static fields. */
    private static final class Tables {
    private static final float[] NF4_CODE = {
            -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f, -0.28444138169288635f,
            -0.18477343022823334f, -0.09105003625154495f, 0.0f, 0.07958029955625534f, 0.16093020141124725f,
            0.24611230194568634f, 0.33791524171829224f, 0.44070982933044434f, 0.5626170039176941f,
            0.7229568362236023f, 1.0f};
    /** Ascending; the code index is the number of thresholds below x. */
    private static final float[] NF4_THRESHOLDS = {
            -0.8480964004993439f, -0.6106329262256622f, -0.4599952697753906f, -0.33967943489551544f,
            -0.23460740596055984f, -0.13791173323988914f, -0.045525018125772476f, 0.03979014977812767f,
            0.1202552504837513f, 0.2035212516784668f, 0.2920137718319893f, 0.3893125355243683f,
            0.5016634166240692f, 0.6427869200706482f, 0.8614784181118011f};
    /** E2M1 with bias 3 and no inf/nan: bit 3 is the sign; magnitudes 0, 0.0625, 8, 12, 4, 6, 2, 3 (÷ 12). */
    private static final float[] FP4_RAW = {0, 0.0625f, 8, 12, 4, 6, 2, 3, -0f, -0.0625f, -8, -12, -4, -6, -2, -3};
    private static final float[] FP4_THRESHOLDS = {0.00260417f, 0.0859375f, 0.20833333f, 0.29166667f, 0.4166667f, 0.583333f, 0.8333333f};
    /** Magnitude rank (ascending value) → 3-bit code. */
    private static final int[] FP4_RANK_TO_CODE = {0b000, 0b001, 0b110, 0b111, 0b100, 0b101, 0b010, 0b011};
    }

    private final String bnbName;
    private final float[] code;

    QuantType(String bnbName) {
        this.bnbName = bnbName;
        this.code = new float[16];
        for (int i = 0; i < 16; i++) {
            code[i] = switch (bnbName) {
                case "nf4" -> Tables.NF4_CODE[i];
                case "fp4" -> Tables.FP4_RAW[i] / 12f; // bitsandbytes divides by the absmax in float32
                default -> i == 15 ? 0f : (i - 7) / 7f;
            };
        }
    }

    /** The name bitsandbytes uses ({@code quant_type}, {@code bnb_4bit_quant_type}). */
    public String bnbName() {
        return bnbName;
    }

    /** The 16 code values, index = nibble (a copy). */
    public float[] code() {
        return code.clone();
    }

    float codeAt(int nibble) {
        return code[nibble];
    }

    /** The nibble for a value already divided by its block's absmax (nominally in [-1, 1]). */
    public int quantize(float x) {
        return switch (this) {
            case NF4 -> countBelow(Tables.NF4_THRESHOLDS, x);
            case FP4 -> (x < 0 ? 0b1000 : 0) | Tables.FP4_RANK_TO_CODE[countBelow(Tables.FP4_THRESHOLDS, Math.abs(x))];
            case INT4 -> {
                // nearest of k/7: midpoints (k + 0.5)/7, ties to the lower code like the trees above
                int k = 0;
                for (int t = -7; t < 7; t++) if (x > (t + 0.5f) / 7f) k++;
                yield k;
            }
        };
    }

    /** Number of thresholds t with x > t, i.e. the decision tree walked with strict comparisons. */
    private static int countBelow(float[] thresholds, float x) {
        int n = 0;
        for (float t : thresholds) if (x > t) n++;
        return n;
    }

    public static QuantType fromBnbName(String name) {
        for (QuantType t : values()) if (t.bnbName.equals(name)) return t;
        throw new IllegalArgumentException("unknown 4-bit quant type '" + name + "' (expected nf4, fp4 or int4)");
    }
}
