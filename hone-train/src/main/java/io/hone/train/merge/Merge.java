package io.hone.train.merge;

import io.hone.core.io.DType;
import io.hone.core.model.LayerWeights;
import io.hone.core.model.LlamaModel;
import io.hone.core.quant.Nf4Linear;
import io.hone.train.ModelOpener;
import io.hone.train.PeftAdapter;

import java.nio.file.Path;
import java.util.Arrays;

/** Base model folder + PEFT adapter folder → merged Hugging Face model folder ({@code hone merge}). */
public final class Merge {
    private Merge() {}

    /** What was written. */
    /** What was written; {@code dequantized}: 4-bit base projections turned into dense weights (QLoRA bases). */
    public record Result(Path out, DType dtype, int mergedModules, int dequantized) {}

    /**
     * @param dtype F32, BF16 or F16; null writes the base model's dtype ({@code config.json} {@code dtype} /
     *              {@code torch_dtype}), as {@code merge_and_unload().save_pretrained()} on a model loaded in it
     */
    public static Result run(Path modelDir, Path adapterDir, Path out, DType dtype) {
        LlamaModel base = ModelOpener.at(modelDir).loadModel();
        var adapted = PeftAdapter.load(adapterDir, base.weights());
        DType d = dtype != null ? dtype : HfModelWriter.fromTorchName(base.config().torchDtype());
        var merged = AdapterMerge.fold(adapted.weights());
        int modules = (int) adapted.params().stream().filter(p -> p.name().endsWith(".lora_A.weight")).count();
        int dequantized = (int) Arrays.stream(base.weights().layers()).flatMap(l -> LayerWeights.MODULES.stream().map(l::module))
                .filter(Nf4Linear.class::isInstance).count();
        HfModelWriter.write(modelDir, base.config(), merged, d, out);
        return new Result(out, d, modules, dequantized);
    }
}
