package io.hone.cli;

import io.hone.core.model.LlamaModel;
import io.hone.core.model.ModelLoader;
import io.hone.core.quant.ConvertModel;
import io.hone.core.quant.WeightFormat;
import io.hone.train.merge.AdapterMerge;
import io.hone.train.PeftAdapter;

import java.nio.file.Path;

/** A model folder for inference, in an inference format ({@code format} non-null) and with a PEFT adapter folded in (optional). */
public final class AdaptedModel {
    private AdaptedModel() {}

    public static LlamaModel load(Path modelDir, Path adapterDir, WeightFormat format) {
        if (adapterDir == null) return ModelLoader.load(modelDir, format);
        if (format instanceof WeightFormat.Bf16 || format instanceof WeightFormat.Int8) {
            // BF16/INT8 are serving formats: fold the adapter into the FP32 weights, then convert the merged weights
            LlamaModel fp32 = ModelLoader.load(modelDir);
            var merged = AdapterMerge.fold(PeftAdapter.load(adapterDir, fp32.weights()).weights());
            return new LlamaModel(fp32.config(), ConvertModel.convert(merged, format));
        }
        LlamaModel model = ModelLoader.load(modelDir, format);
        // folded into copies of the adapted weights: same outputs as the unmerged adapter in eval mode, at base speed
        // (unmerged DoRA would recompute ‖W + s·BA‖ at every decoded token; a 4-bit base is dequantized to the FP32
        // weights QLoRA trained against, then folded)
        return new LlamaModel(model.config(), AdapterMerge.fold(PeftAdapter.load(adapterDir, model.weights()).weights()));
    }
}
