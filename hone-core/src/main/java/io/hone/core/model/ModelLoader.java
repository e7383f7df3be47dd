package io.hone.core.model;

import io.hone.core.io.Checkpoint;
import io.hone.core.quant.QuantConfig;
import io.hone.core.quant.QuantizeModel;

import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a Hugging Face model folder: config.json + safetensors weights → {@link LlamaModel}. */
public final class ModelLoader {
    private ModelLoader() {}

    public static LlamaModel load(Path dir) {
        if (!Files.isDirectory(dir)) throw new io.hone.core.HoneException(dir + ": not a directory (expected a Hugging Face model folder)");
        ModelConfig cfg = ModelConfigLoader.load(dir);
        try (Checkpoint ckpt = Checkpoint.open(dir)) {
            return new LlamaModel(cfg, LlamaWeights.load(ckpt, cfg));
        }
    }

    /** Loads and quantizes every decoder projection (q,k,v,o,gate,up,down) on the way in; null: weights as stored. */
    public static LlamaModel load(Path dir, QuantConfig quantizeOnLoad) {
        LlamaModel m = load(dir);
        if (quantizeOnLoad == null) return m;
        return new LlamaModel(m.config(), QuantizeModel.quantize(m.weights(), quantizeOnLoad));
    }
}
