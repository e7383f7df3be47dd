package io.hone.core.quant;

/**
 * How an inference model holds its matmul weights when it is not FP32 as loaded (null means that): BF16 ({@code
 * --dtype bf16}: the decoder projections and lm_head as BF16, stored values kept, F32 ones rounded to nearest even),
 * INT8 ({@code --quant int8}: the same layers in Q8_0-like groups), or 4-bit ({@code --quant nf4|fp4}: the decoder
 * projections only, as QLoRA's base). Embedding lookups and norms stay FP32 in every format.
 */
public sealed interface WeightFormat {
    /** A short name for ids and logs: {@code bf16}, {@code int8-g32}, {@code nf4-dq-b64}. */
    String describe();

    /** The format of a 4-bit config (null stays null). */
    static WeightFormat of(QuantConfig fourBit) {
        return fourBit == null ? null : new FourBit(fourBit);
    }

    record Bf16() implements WeightFormat {
        @Override
        public String describe() {
            return "bf16";
        }
    }

    record Int8(int groupSize) implements WeightFormat {
        public static final Int8 Q8_0 = new Int8(Q8Tensor.Q8_0_GROUP);

        public Int8 {
            if (groupSize < 1) throw new IllegalArgumentException("int8 group size must be positive, got " + groupSize);
        }

        @Override
        public String describe() {
            return "int8-g" + groupSize;
        }
    }

    record FourBit(QuantConfig config) implements WeightFormat {
        @Override
        public String describe() {
            return config.type().name().toLowerCase(java.util.Locale.ROOT) + (config.doubleQuant() ? "-dq" : "") + "-b" + config.blockSize();
        }
    }
}
