package io.hone.train.merge;

import io.hone.core.io.JsonFile;
import io.hone.core.HoneException;
import io.hone.core.chat.PyJson;
import io.hone.core.io.AtomicDir;
import io.hone.core.io.DType;
import io.hone.core.io.SafetensorsWriter;
import io.hone.core.model.LayerWeights;
import io.hone.core.model.LlamaWeights;
import io.hone.core.model.ModelConfig;
import io.hone.core.ops.DenseLinear;
import io.hone.core.ops.Linear;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes dense Llama-family weights as a Hugging Face model folder next to the files of the model they came from:
 * {@code model.safetensors} (sharded with an index past {@link #MAX_SHARD_BYTES}), the base {@code config.json} with
 * its dtype field set to what was written, and the tokenizer / generation files copied unchanged. Atomic.
 */
public final class HfModelWriter {
    /** transformers' classic {@code max_shard_size="5GB"}. */
    public static final long MAX_SHARD_BYTES = 5_000_000_000L;
    /** Files copied from the base folder when present. */
    public static final List<String> SIDE_FILES = List.of("tokenizer.json", "tokenizer_config.json", "chat_template.jinja",
            "generation_config.json", "special_tokens_map.json", "tokenizer.model", "added_tokens.json", "vocab.json", "merges.txt");

    private HfModelWriter() {}

    /** Writes {@code w} (every projection dense) in {@code dtype} (F32, BF16 or F16) to {@code out}. */
    public static Path write(Path baseDir, ModelConfig cfg, LlamaWeights w, DType dtype, Path out) {
        if (dtype != DType.F32 && dtype != DType.BF16 && dtype != DType.F16) throw new HoneException("merged weights can be written as F32, BF16 or F16, not " + dtype);
        Map<String, Object> config = readConfig(baseDir.resolve("config.json"));
        config.remove("quantization_config"); // the written weights are dense
        config.put(config.containsKey("torch_dtype") && !config.containsKey("dtype") ? "torch_dtype" : "dtype", torchName(dtype));
        String configJson = new PyJson("  ", true, null, true).write(config) + "\n";
        var st = tensors(cfg, w, dtype);
        return AtomicDir.write(out, tmp -> {
            st.writeCheckpoint(tmp, MAX_SHARD_BYTES);
            Files.writeString(tmp.resolve("config.json"), configJson);
            for (String f : SIDE_FILES) if (Files.isRegularFile(baseDir.resolve(f))) Files.copy(baseDir.resolve(f), tmp.resolve(f));
        });
    }

    /** The HF keys and shapes of a Llama-family model; lm_head only when untied. */
    static SafetensorsWriter tensors(ModelConfig c, LlamaWeights w, DType dtype) {
        var st = new SafetensorsWriter().metadata("format", "pt");
        int h = c.hiddenSize();
        st.add("model.embed_tokens.weight", dtype, new long[]{c.vocabSize(), h}, w.embed());
        for (int l = 0; l < w.layers().length; l++) {
            LayerWeights layer = w.layers()[l];
            String p = "model.layers." + l + ".";
            st.add(p + "input_layernorm.weight", dtype, new long[]{h}, layer.attnNorm());
            st.add(p + "post_attention_layernorm.weight", dtype, new long[]{h}, layer.mlpNorm());
            for (String proj : LayerWeights.MODULES) {
                String group = proj.equals("gate_proj") || proj.equals("up_proj") || proj.equals("down_proj") ? "mlp." : "self_attn.";
                DenseLinear d = dense(layer.module(proj), p + group + proj);
                st.add(p + group + proj + ".weight", dtype, new long[]{d.outFeatures(), d.inFeatures()}, d.weight());
                if (d.bias() != null) st.add(p + group + proj + ".bias", dtype, new long[]{d.outFeatures()}, d.bias());
            }
        }
        st.add("model.norm.weight", dtype, new long[]{h}, w.finalNorm());
        if (!c.tieWordEmbeddings()) {
            DenseLinear head = dense(w.lmHead(), "lm_head");
            st.add("lm_head.weight", dtype, new long[]{head.outFeatures(), head.inFeatures()}, head.weight());
        }
        return st;
    }

    public static String torchName(DType d) {
        return switch (d) {
            case F32 -> "float32";
            case BF16 -> "bfloat16";
            case F16 -> "float16";
            default -> throw new IllegalArgumentException(d.name());
        };
    }

    /** F32/BF16/F16 from a transformers dtype name ({@code float32}, {@code bfloat16}, {@code float16}); F32 otherwise. */
    public static DType fromTorchName(String name) {
        return switch (name) {
            case "bfloat16" -> DType.BF16;
            case "float16" -> DType.F16;
            default -> DType.F32;
        };
    }

    private static DenseLinear dense(Linear lin, String name) {
        if (lin instanceof DenseLinear d) return d;
        throw new HoneException(name + ": cannot write a " + lin.getClass().getSimpleName() + " as a dense weight (merge adapters first)");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readConfig(Path file) {
        return new TreeMap<>(JsonFile.MAPPER.convertValue(JsonFile.read(file), Map.class));
    }
}
