package io.hone.core.model;

import io.hone.core.io.SafetensorsModelFiles;
import io.hone.core.quant.ConvertModel;
import io.hone.core.quant.QuantConfig;
import io.hone.core.quant.WeightFormat;

import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a Hugging Face model folder: config.json + safetensors weights → {@link LlamaModel}. */
public final class ModelLoader {
    private ModelLoader() {}

    public static LlamaModel load(Path dir) {
        return load(dir, (WeightFormat) null);
    }

    /** Loads and quantizes every decoder projection (q,k,v,o,gate,up,down) on the way in; null: weights as stored. */
    public static LlamaModel load(Path dir, QuantConfig quantizeOnLoad) {
        return load(dir, WeightFormat.of(quantizeOnLoad));
    }

    /**
     * Loads into an inference format (null: FP32 as loaded). BF16 reads the matmul weights as BF16 straight from the
     * file; INT8 and 4-bit load FP32 and quantize layer by layer.
     */
    public static LlamaModel load(Path dir, WeightFormat format) {
        if (!Files.isDirectory(dir)) throw new io.hone.core.HoneException(dir + ": not a directory (expected a Hugging Face model folder)");
        ModelConfig cfg = ModelConfigLoader.load(dir);
        LlamaWeights w;
        try (SafetensorsModelFiles ckpt = SafetensorsModelFiles.open(dir)) {
            w = LlamaWeights.load(ckpt, cfg, format instanceof WeightFormat.Bf16);
        }
        return new LlamaModel(cfg, ConvertModel.convert(w, format));
    }
}
