package io.hone.cli;

import io.hone.core.model.LlamaModel;
import io.hone.core.model.ModelLoader;
import io.hone.core.quant.QuantConfig;
import io.hone.train.merge.AdapterMerge;
import io.hone.train.PeftAdapter;

import java.nio.file.Path;

/** A model folder for inference, quantized on load ({@code quant} non-null) and with a PEFT adapter folded in (optional). */
public final class AdaptedModel {
    private AdaptedModel() {}

    public static LlamaModel load(Path modelDir, Path adapterDir, QuantConfig quant) {
        LlamaModel model = ModelLoader.load(modelDir, quant);
        if (adapterDir == null) return model;
        // folded into copies of the adapted weights: same outputs as the unmerged adapter in eval mode, at base speed
        // (unmerged DoRA would recompute ‖W + s·BA‖ at every decoded token; a 4-bit base is dequantized to the FP32
        // weights QLoRA trained against, then folded)
        return new LlamaModel(model.config(), AdapterMerge.fold(PeftAdapter.load(adapterDir, model.weights()).weights()));
    }
}
