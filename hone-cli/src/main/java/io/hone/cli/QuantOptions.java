package io.hone.cli;

import io.hone.core.HoneException;
import io.hone.core.quant.QuantConfig;
import io.hone.core.quant.QuantType;
import picocli.CommandLine.Option;

import java.util.Locale;

/**
 * Quantize-on-load options of the commands that run a model ({@code eval}, {@code generate}, ...): the base's decoder
 * projections become 4-bit as {@code hone finetune --method qlora} makes them, so a QLoRA adapter runs over the base it
 * was trained against (PEFT does not record the base's quantization in the adapter; transformers needs the same
 * {@code BitsAndBytesConfig} at load time).
 */
public final class QuantOptions {
    @Option(names = "--quant", description = "Quantize the base's projections on load, as finetune --method qlora does: nf4 or fp4 "
            + "(for a QLoRA adapter trained on a quantized-on-load base; a bitsandbytes 4-bit folder needs no option).")
    String quant;
    @Option(names = "--double-quant", negatable = true, description = "With --quant: 8-bit double quantization of the block absmax (default on).")
    Boolean doubleQuant;
    @Option(names = "--block-size", description = "With --quant: values per absmax block, a power of two 64..4096 (default 64).")
    Integer blockSize;

    /** The quantization asked for, or null (weights as stored). */
    public QuantConfig config() {
        if (quant == null) {
            if (doubleQuant != null || blockSize != null) throw new HoneException("--double-quant and --block-size need --quant nf4|fp4");
            return null;
        }
        return parse(quant, doubleQuant, blockSize);
    }

    /** {@code quant} nf4|fp4 (null: nf4), double quant (null: on), block size (null: 64), as finetune --method qlora takes them. */
    static QuantConfig parse(String quant, Boolean doubleQuant, Integer blockSize) {
        QuantType type = switch (quant == null ? "nf4" : quant.toLowerCase(Locale.ROOT)) {
            case "nf4" -> QuantType.NF4;
            case "fp4" -> QuantType.FP4;
            default -> throw new HoneException("--quant must be nf4 or fp4, got '" + quant + "'");
        };
        int block = blockSize != null ? blockSize : 64;
        if (block < 64 || block > 4096 || Integer.bitCount(block) != 1) {
            throw new HoneException("--block-size must be a power of two in 64..4096, got " + block);
        }
        return new QuantConfig(type, block, doubleQuant == null || doubleQuant);
    }
}
