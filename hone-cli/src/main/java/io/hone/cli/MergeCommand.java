package io.hone.cli;

import io.hone.core.HoneException;
import io.hone.core.io.DType;
import io.hone.train.merge.Merge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Fold a PEFT LoRA/DoRA adapter into its base model and write a plain Hugging Face model folder "
                + "(model.safetensors, config.json, tokenizer and generation files), as PEFT's merge_and_unload + save_pretrained. A 4-bit (bitsandbytes) base, as QLoRA trains over, is dequantized first.")
public final class MergeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Base model folder or Hub id owner/name[@revision].")
    Path model;
    @Option(names = "--adapter", required = true, description = "PEFT adapter folder (adapter_config.json, adapter_model.safetensors) or Hub id.")
    Path adapter;
    @Option(names = "--out", required = true, description = "Output folder (written atomically; replaced if it exists).")
    Path out;
    @Option(names = "--dtype", description = "f32, bf16 or f16 (default: the base model's dtype).")
    String dtype;

    @Override
    public Integer call() {
        var r = Merge.run(Hub.local(model, "--model"), Hub.local(adapter, "--adapter"), out, dtype == null ? null : parse(dtype));
        if (r.dequantized() > 0) {
            System.out.printf("dequantized %d 4-bit base projections to FP32 before merging (QLoRA base)%n", r.dequantized());
        }
        System.out.printf("merged %d adapted modules into %s (%s weights)%n", r.mergedModules(), r.out(), r.dtype().safetensorsName());
        return 0;
    }

    static DType parse(String s) {
        return switch (s.toLowerCase()) {
            case "f32", "float32", "fp32" -> DType.F32;
            case "bf16", "bfloat16" -> DType.BF16;
            case "f16", "float16", "fp16" -> DType.F16;
            default -> throw new HoneException("merge: --dtype must be f32, bf16 or f16, got '" + s + "'");
        };
    }
}
