package io.hone.cli;

import io.hone.core.HoneException;
import io.hone.core.quant.QuantConfig;
import io.hone.core.quant.QuantType;
import io.hone.core.quant.WeightFormat;
import picocli.CommandLine.Option;

import java.util.Locale;

/**
 * Inference weight options of the commands that run a model ({@code eval}, {@code generate}, {@code serve}, {@code
 * bench inference}, ...) and {@code finetune --method qlora} ({@link #qlora()}). {@code --quant nf4|fp4}: the base's
 * decoder projections become 4-bit as {@code hone finetune --method qlora} makes them, so a QLoRA adapter runs over
 * the base it was trained against (PEFT does not record the base's quantization in the adapter; transformers needs the
 * same {@code BitsAndBytesConfig} at load time). {@code --quant int8}: the projections and lm_head in Q8_0-like groups
 * of 32. {@code --dtype bf16}: the projections and lm_head kept in BF16 (a dtype, not a quantization: BF16 checkpoints
 * are read as stored, F32 ones rounded as torch does).
 */
public final class QuantOptions {
    @Option(names = "--quant", description = "Quantize on load: int8 (decoder projections and lm_head, Q8_0-like groups of 32 "
            + "with an FP32 scale), or nf4/fp4 (projections only, as finetune --method qlora does: for a QLoRA adapter trained "
            + "on a quantized-on-load base; a bitsandbytes 4-bit folder needs no option).")
    String quant;
    @Option(names = "--dtype", description = "Matmul weight dtype for inference: f32 (default) or bf16 (decoder projections and "
            + "lm_head kept as BF16, converted inside the matmuls).")
    String dtype;
    @Option(names = "--double-quant", negatable = true, description = "With --quant nf4|fp4: 8-bit double quantization of the block absmax (default on).")
    Boolean doubleQuant;
    @Option(names = "--block-size", description = "With --quant nf4|fp4: values per absmax block, a power of two 64..4096 (default 64).")
    Integer blockSize;

    /** Whether any of these options was given. */
    public boolean given() {
        return quant != null || dtype != null || doubleQuant != null || blockSize != null;
    }

    /** The inference format asked for, or null (FP32 weights as loaded). */
    public WeightFormat config() {
        boolean bf16 = switch (dtype == null ? "f32" : dtype.toLowerCase(Locale.ROOT)) {
            case "f32", "fp32", "float32" -> false;
            case "bf16", "bfloat16" -> true;
            default -> throw new HoneException("--dtype must be f32 or bf16, got '" + dtype + "'");
        };
        if (quant == null) {
            if (doubleQuant != null || blockSize != null) throw new HoneException("--double-quant and --block-size need --quant nf4|fp4");
            return bf16 ? new WeightFormat.Bf16() : null;
        }
        if (bf16) throw new HoneException("--dtype bf16 and --quant " + quant + " exclude each other: choose one weight format");
        if (quant.toLowerCase(Locale.ROOT).equals("int8")) {
            if (doubleQuant != null || blockSize != null) throw new HoneException("--double-quant and --block-size apply to --quant nf4|fp4, not int8");
            return WeightFormat.Int8.Q8_0;
        }
        return new WeightFormat.FourBit(parse(quant, doubleQuant, blockSize));
    }

    /**
     * The base of {@code finetune --method qlora}: nf4 unless {@code --quant fp4}, with the same {@code --double-quant}
     * and {@code --block-size}; INT8 and BF16 are inference formats, not QLoRA bases.
     */
    public QuantConfig qlora() {
        if (dtype != null) throw new HoneException("--dtype applies to running a model (generate, eval, serve), not to finetune");
        if (quant != null && quant.toLowerCase(Locale.ROOT).equals("int8")) {
            throw new HoneException("--method qlora quantizes the base to nf4 or fp4, not int8");
        }
        return parse(quant, doubleQuant, blockSize);
    }

    /** {@code quant} nf4|fp4 (null: nf4), double quant (null: on), block size (null: 64), as finetune --method qlora takes them. */
    private static QuantConfig parse(String quant, Boolean doubleQuant, Integer blockSize) {
        QuantType type = switch (quant == null ? "nf4" : quant.toLowerCase(Locale.ROOT)) {
            case "nf4" -> QuantType.NF4;
            case "fp4" -> QuantType.FP4;
            default -> throw new HoneException("--quant must be int8, nf4 or fp4, got '" + quant + "'");
        };
        int block = blockSize != null ? blockSize : 64;
        if (block < 64 || block > 4096 || Integer.bitCount(block) != 1) {
            throw new HoneException("--block-size must be a power of two in 64..4096, got " + block);
        }
        return new QuantConfig(type, block, doubleQuant == null || doubleQuant);
    }
}
