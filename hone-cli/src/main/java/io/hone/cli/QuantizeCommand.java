package io.hone.cli;

import io.hone.core.quant.Bnb4bitWriter;
import io.hone.core.quant.QuantConfig;
import io.hone.core.quant.QuantType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = "Write a model folder as a bitsandbytes 4-bit checkpoint (loads in transformers with bitsandbytes, and in hone).")
public final class QuantizeCommand implements Callable<Integer> {
    enum Method { nf4, fp4 }

    @Option(names = "--model", required = true, description = "Hugging Face model folder (F32/BF16/F16 weights) or Hub id owner/name[@revision].")
    Path model;

    @Option(names = "--method", defaultValue = "nf4", description = "Code book: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    Method method;

    @Option(names = "--double-quant", description = "Quantize the block absmax to 8 bits too (QLoRA; ~0.127 instead of 0.5 bits/param).")
    boolean doubleQuant;

    @Option(names = "--block-size", defaultValue = "64", description = "Values per absmax block: a power of two, 64..4096 (default ${DEFAULT-VALUE}).")
    int blockSize;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Override
    public Integer call() {
        model = Hub.local(model, "--model");
        QuantConfig cfg;
        try {
            cfg = new QuantConfig(method == Method.nf4 ? QuantType.NF4 : QuantType.FP4, blockSize, doubleQuant);
        } catch (IllegalArgumentException e) {
            throw new io.hone.core.HoneException("--block-size: " + e.getMessage());
        }
        long t0 = System.nanoTime();
        int n = Bnb4bitWriter.write(model, out, cfg);
        System.out.printf("wrote %s: %d linear weights as %s%s, block %d (%.1f s)%n", out, n, cfg.type().bnbName(),
                doubleQuant ? " + double quant" : "", blockSize, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
