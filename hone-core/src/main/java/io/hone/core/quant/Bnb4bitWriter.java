package io.hone.core.quant;

import io.hone.core.io.JsonFile;
import io.hone.core.HoneException;
import io.hone.core.io.AtomicFile;
import io.hone.core.chat.PyJson;
import io.hone.core.io.SafetensorsModelFiles;
import io.hone.core.io.DType;
import io.hone.core.io.SafetensorsWriter;
import io.hone.core.model.ModelConfigLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Writes a Hugging Face model folder as a bitsandbytes 4-bit checkpoint, the way transformers saves a model
 * loaded with {@code BitsAndBytesConfig(load_in_4bit=True, ...)}: each decoder projection
 * ({@code model.layers.N.self_attn.{q,k,v,o}_proj}, {@code model.layers.N.mlp.{gate,up,down}_proj}) as
 * {@link Bnb4bit} tensors; everything else (embeddings, norms, biases, lm_head) copied in its dtype;
 * {@code config.json} gains {@code quantization_config}; tokenizer and generation files are copied.
 */
public final class Bnb4bitWriter {
    static final Pattern PROJECTION = Pattern.compile("model\\.layers\\.\\d+\\.(self_attn\\.[qkvo]_proj|mlp\\.(gate|up|down)_proj)\\.weight");
    private static final List<String> COPIED = List.of("generation_config.json", "tokenizer.json", "tokenizer_config.json",
            "tokenizer.model", "special_tokens_map.json", "added_tokens.json", "chat_template.jinja", "chat_template.json",
            "vocab.json", "merges.txt");
    private static final long SHARD_BYTES = 5L << 30;

    private Bnb4bitWriter() {}

    /** The {@code quantization_config} transformers writes ({@code BitsAndBytesConfig.to_dict()}, keys sorted). */
    public static Map<String, Object> quantizationConfig(QuantConfig cfg, String computeDtype) {
        Map<String, Object> q = new TreeMap<>();
        q.put("_load_in_4bit", true);
        q.put("_load_in_8bit", false);
        q.put("bnb_4bit_compute_dtype", computeDtype);
        q.put("bnb_4bit_quant_storage", "uint8");
        q.put("bnb_4bit_quant_type", cfg.type().bnbName());
        q.put("bnb_4bit_use_double_quant", cfg.doubleQuant());
        q.put("llm_int8_enable_fp32_cpu_offload", false);
        q.put("llm_int8_has_fp16_weight", false);
        q.put("llm_int8_skip_modules", null);
        q.put("llm_int8_threshold", 6.0);
        q.put("load_in_4bit", true);
        q.put("load_in_8bit", false);
        q.put("quant_method", "bitsandbytes");
        return q;
    }

    /** Quantizes {@code src} into {@code out} (created if needed). Returns the number of weights quantized. */
    public static int write(Path src, Path out, QuantConfig cfg) {
        if (cfg.type() == QuantType.INT4) throw new HoneException("bitsandbytes checkpoints hold nf4 or fp4, not int4");
        if (cfg.blockSize() < 64) throw new HoneException("bitsandbytes 4-bit kernels take block sizes 64..4096, got " + cfg.blockSize());
        ModelConfigLoader.load(src); // a supported, well-formed config
        Map<String, Object> config = readConfig(src.resolve("config.json"));
        if (config.containsKey("quantization_config")) throw new HoneException(src + ": the model is already quantized (config.json has quantization_config)");
        int count = 0;
        String dtypeName = "float32";
        try (SafetensorsModelFiles ck = SafetensorsModelFiles.open(src)) {
            SafetensorsWriter w = new SafetensorsWriter();
            for (String name : new TreeSet<>(ck.names())) {
                var info = ck.info(name);
                if (PROJECTION.matcher(name).matches()) {
                    long[] s = info.shape();
                    if (s.length != 2) throw new HoneException(ck.describe(name) + ": '" + name + "' is not a matrix");
                    dtypeName = torchName(info.dtype());
                    Nf4Tensor t = Nf4Tensor.quantize(ck.floats(name), (int) s[0], (int) s[1], cfg);
                    Bnb4bit.write(w, name.substring(0, name.length() - ".weight".length()), t, dtypeName);
                    count++;
                } else {
                    w.add(name, info.dtype(), info.shape(), ck.segment(name));
                }
            }
            Files.createDirectories(out);
            w.writeCheckpoint(out, SHARD_BYTES);
        } catch (IOException e) {
            throw new HoneException(out + ": cannot write (" + e.getMessage() + ")");
        }
        config.put("quantization_config", quantizationConfig(cfg, dtypeName));
        AtomicFile.writeString(out.resolve("config.json"), new PyJson("  ", false, null, true).write(config) + "\n");
        for (String f : COPIED) {
            Path from = src.resolve(f);
            if (Files.isRegularFile(from)) {
                try {
                    Files.copy(from, out.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new HoneException(out.resolve(f) + ": cannot copy (" + e.getMessage() + ")");
                }
            }
        }
        return count;
    }

    static String torchName(DType t) {
        return switch (t) {
            case BF16 -> "bfloat16";
            case F16 -> "float16";
            case F32 -> "float32";
            default -> throw new HoneException("cannot quantize a " + t + " weight");
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readConfig(Path file) {
        return JsonFile.MAPPER.convertValue(JsonFile.read(file), LinkedHashMap.class);
    }
}
