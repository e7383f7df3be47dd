package io.hone.core.model;

import io.hone.core.io.JsonFile;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hone.core.HoneException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code config.json} in both the transformers 4 ({@code rope_theta}+{@code rope_scaling}) and 5 ({@code rope_parameters}) styles. */
public final class ModelConfigLoader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelConfigLoader() {}

    public static ModelConfig load(Path modelDir) {
        Path file = Files.isDirectory(modelDir) ? modelDir.resolve("config.json") : modelDir;
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new HoneException(file + ": not found (expected a Hugging Face model folder with config.json)");
        } catch (IOException e) {
            throw new HoneException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return parse(text, file.toString());
    }

    public static ModelConfig parse(String json, String where) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw JsonFile.malformed(where, e);
        }
        if (root == null || !root.isObject()) throw new HoneException(where + ": expected a JSON object");
        var r = new Reader(root, where);

        String type = r.str("model_type");
        if (!ModelConfig.SUPPORTED.contains(type)) {
            throw new HoneException(where + ": model_type '" + type + "' is not supported (supported: "
                    + String.join(", ", ModelConfig.SUPPORTED) + ")");
        }
        String act = root.path("hidden_act").asText("silu");
        if (!act.equals("silu")) throw new HoneException(where + ": hidden_act '" + act + "' is not supported (expected silu)");

        int hidden = r.positive("hidden_size");
        int heads = r.positive("num_attention_heads");
        int kvHeads = root.hasNonNull("num_key_value_heads") ? r.positive("num_key_value_heads") : heads;
        if (heads % kvHeads != 0) {
            throw new HoneException(where + ": num_attention_heads (" + heads + ") must be a multiple of num_key_value_heads (" + kvHeads + ")");
        }
        int headDim;
        if (root.hasNonNull("head_dim")) {
            headDim = r.positive("head_dim");
        } else {
            if (hidden % heads != 0) throw new HoneException(where + ": hidden_size " + hidden + " is not divisible by num_attention_heads " + heads + " and head_dim is absent");
            headDim = hidden / heads;
        }
        if (headDim % 2 != 0) throw new HoneException(where + ": head_dim must be even for rotary embeddings, got " + headDim);

        boolean qwen = type.equals("qwen2");
        boolean attnBias = root.path("attention_bias").asBoolean(false);
        int window = 0;
        boolean useWindow = !qwen || root.path("use_sliding_window").asBoolean(false);
        if (useWindow && root.hasNonNull("sliding_window")) window = r.positive("sliding_window");

        return new ModelConfig(type, r.positive("vocab_size"), hidden, r.positive("intermediate_size"),
                r.positive("num_hidden_layers"), heads, kvHeads, headDim,
                r.positiveNumber("rms_norm_eps", 1e-6), rope(root, r),
                r.positiveOr("max_position_embeddings", 2048),
                root.path("tie_word_embeddings").asBoolean(false),
                qwen || attnBias, !qwen && attnBias, root.path("mlp_bias").asBoolean(false), window,
                root.path("bos_token_id").asInt(-1), ids(root.get("eos_token_id")),
                root.path("dtype").asText(root.path("torch_dtype").asText("float32")));
    }

    private static List<Integer> ids(JsonNode n) {
        List<Integer> out = new ArrayList<>();
        if (n == null || n.isNull()) return out;
        if (n.isArray()) n.forEach(x -> out.add(x.asInt()));
        else out.add(n.asInt());
        return out;
    }

    private static RopeScaling rope(JsonNode root, Reader r) {
        String where = r.where();
        JsonNode params = root.get("rope_parameters");
        double theta = r.positiveNumber("rope_theta", 10000.0);
        JsonNode scaling;
        if (params != null && params.isObject()) {
            if (params.has("rope_theta")) theta = new Reader(params, where, "rope_parameters.").positiveNumber("rope_theta", theta);
            scaling = params;
        } else {
            scaling = root.get("rope_scaling");
        }
        if (scaling == null || scaling.isNull()) return RopeScaling.plain(theta);
        String type = scaling.path("rope_type").asText(scaling.path("type").asText("default"));
        String field = params != null ? "rope_parameters" : "rope_scaling";
        return switch (type) {
            case "default" -> RopeScaling.plain(theta);
            case "linear" -> new RopeScaling("linear", theta, num(scaling, "factor", where, field), 0, 0, 0);
            case "llama3" -> new RopeScaling("llama3", theta, num(scaling, "factor", where, field),
                    num(scaling, "low_freq_factor", where, field), num(scaling, "high_freq_factor", where, field),
                    (int) num(scaling, "original_max_position_embeddings", where, field));
            default -> throw new HoneException(where + ": " + field + ".rope_type '" + type
                    + "' is not supported (supported: default, linear, llama3)");
        };
    }

    private static double num(JsonNode n, String key, String where, String field) {
        JsonNode v = n.get(key);
        if (v == null || !v.isNumber()) throw new HoneException(where + ": " + field + "." + key + " must be a number");
        if (!(v.asDouble() > 0) || !Double.isFinite(v.asDouble())) {
            throw new HoneException(where + ": " + field + "." + key + " must be a positive number, got " + v);
        }
        return v.asDouble();
    }

    /** Reads fields of {@code root}; {@code prefix} names a nested object in messages ({@code rope_parameters.}). */
    private record Reader(JsonNode root, String where, String prefix) {
        Reader(JsonNode root, String where) {
            this(root, where, "");
        }

        /** An optional integer field that must be positive when present (as {@code max_position_embeddings}). */
        int positiveOr(String key, int absent) {
            JsonNode v = root.get(key);
            return v == null || v.isNull() ? absent : positive(key);
        }

        /** An optional number that must be finite and above zero when present (as {@code rms_norm_eps}, {@code rope_theta}). */
        double positiveNumber(String key, double absent) {
            JsonNode v = root.get(key);
            if (v == null || v.isNull()) return absent;
            if (!v.isNumber() || !(v.asDouble() > 0) || !Double.isFinite(v.asDouble())) {
                throw new HoneException(where + ": field '" + prefix + key + "' must be a positive number, got " + v);
            }
            return v.asDouble();
        }

        String str(String key) {
            JsonNode v = root.get(key);
            if (v == null || v.isNull()) throw new HoneException(where + ": missing required field '" + prefix + key + "'");
            if (!v.isTextual()) throw new HoneException(where + ": field '" + key + "' must be a string, got " + v);
            return v.asText();
        }

        int positive(String key) {
            JsonNode v = root.get(key);
            if (v == null || v.isNull()) throw new HoneException(where + ": missing required field '" + prefix + key + "'");
            if (!v.isIntegralNumber() || v.asLong() <= 0 || v.asLong() > Integer.MAX_VALUE) {
                throw new HoneException(where + ": field '" + prefix + key + "' must be a positive integer, got " + v);
            }
            return v.asInt();
        }
    }
}
