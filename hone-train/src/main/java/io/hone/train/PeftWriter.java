package io.hone.train;

import io.hone.core.HoneException;
import io.hone.core.chat.PyJson;
import io.hone.core.io.AtomicDir;
import io.hone.core.io.SafetensorsWriter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a PEFT 0.21 adapter folder as {@code save_pretrained} does: {@code adapter_config.json} (every LoraConfig
 * field, {@code json.dumps(indent=2, sort_keys=True)}), {@code adapter_model.safetensors} (F32, PEFT keys,
 * {@code {"format": "pt"}} metadata, Python's tensor layout) and a short {@code README.md} model card. The folder
 * appears complete or not at all ({@link AtomicDir}).
 */
public final class PeftWriter {
    /** The PEFT release whose {@code adapter_config.json} fields this writer reproduces. */
    public static final String PEFT_VERSION = "0.21.0";
    private static final String PREFIX = "base_model.model.";
    private static final List<String> SUFFIXES = List.of(".lora_A.weight", ".lora_B.weight", ".lora_magnitude_vector");

    private PeftWriter() {}

    public static Path save(Path dir, PeftAdapter.Adapted adapter, String baseModelNameOrPath) {
        return save(dir, adapter.config(), adapter.params(), baseModelNameOrPath);
    }

    /**
     * @param params              adapter tensors named by their PEFT keys (as {@link PeftAdapter} makes them)
     * @param baseModelNameOrPath what transformers should load the adapter onto (a Hub id or a folder)
     */
    public static Path save(Path dir, LoraConfig config, List<Param> params, String baseModelNameOrPath) {
        List<String> modules = modules(params);
        String json = new PyJson("  ", true, null, true).write(configJson(config, modules, baseModelNameOrPath));
        var st = new SafetensorsWriter().metadata("format", "pt");
        for (Param p : params) st.addF32(p.name(), p.shape(), p.value());
        return AtomicDir.write(dir, tmp -> {
            Files.writeString(tmp.resolve("adapter_config.json"), json);
            st.write(tmp.resolve("adapter_model.safetensors"));
            Files.writeString(tmp.resolve("README.md"), modelCard(baseModelNameOrPath, config));
        });
    }

    /**
     * The {@code adapter_config.json} object. {@code target_modules} keeps the config's list; {@code "all-linear"} is
     * written expanded to the adapted modules' full names, as PEFT saves it; any other pattern stays a string.
     */
    static Map<String, Object> configJson(LoraConfig c, List<String> adaptedModules, String base) {
        Object targets = c.targetModules() != null ? c.targetModules()
                : c.targetPattern().equals(LoraConfig.ALL_LINEAR) ? adaptedModules : c.targetPattern();
        Map<String, Object> m = new TreeMap<>();
        for (String k : List.of("alora_invocation_tokens", "arrow_config", "auto_mapping", "corda_config", "eva_config",
                "exclude_modules", "kasa_config", "layer_replication", "layers_pattern", "layers_to_transform", "lora_ga_config",
                "megatron_config", "modules_to_save", "monteclora_config", "revision", "target_parameters",
                "trainable_token_indices", "use_bdlora", "velora_config")) {
            m.put(k, null);
        }
        m.put("alpha_pattern", Map.of());
        m.put("rank_pattern", Map.of());
        m.put("loftq_config", Map.of());
        m.put("base_model_name_or_path", base);
        m.put("bias", "none");
        m.put("ensure_weight_tying", false);
        m.put("fan_in_fan_out", false);
        m.put("inference_mode", true);
        m.put("init_lora_weights", c.init().equals("default") ? (Object) true : c.init());
        m.put("lora_alpha", c.alpha() == Math.rint(c.alpha()) ? (Object) (long) c.alpha() : (Object) c.alpha());
        m.put("lora_bias", false);
        m.put("lora_dropout", c.dropout());
        m.put("megatron_core", "megatron.core");
        m.put("peft_type", "LORA");
        m.put("peft_version", PEFT_VERSION);
        m.put("qalora_group_size", 16);
        m.put("r", c.r());
        m.put("target_modules", targets);
        m.put("task_type", "CAUSAL_LM");
        m.put("use_dora", c.useDora());
        m.put("use_qalora", false);
        m.put("use_rslora", c.useRslora());
        return m;
    }

    /** Full module names (e.g. {@code model.layers.0.self_attn.q_proj}) of the adapted layers, checking every key. */
    private static List<String> modules(List<Param> params) {
        if (params.isEmpty()) throw new HoneException("adapter has no tensors to save");
        var out = new LinkedHashSet<String>();
        for (Param p : params) {
            String n = p.name(), suffix = SUFFIXES.stream().filter(n::endsWith).findFirst().orElse(null);
            if (!n.startsWith(PREFIX) || suffix == null) {
                throw new HoneException("'" + n + "' is not a PEFT LoRA key (" + PREFIX + "<module>" + String.join("|", SUFFIXES) + ")");
            }
            out.add(n.substring(PREFIX.length(), n.length() - suffix.length()));
        }
        return new ArrayList<>(out);
    }

    private static String modelCard(String base, LoraConfig c) {
        return "---\nbase_model: " + base + "\nlibrary_name: peft\npipeline_tag: text-generation\ntags:\n- base_model:adapter:" + base
                + "\n- " + (c.useDora() ? "dora" : "lora") + "\n- transformers\n- hone\n---\n\n# " + (c.useDora() ? "DoRA" : "LoRA")
                + " adapter\n\nr=" + c.r() + ", lora_alpha=" + c.alpha() + (c.useRslora() ? ", rsLoRA" : "")
                + ", written by hone in the PEFT " + PEFT_VERSION + " format. Load it with "
                + "`PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(base), this_folder)`.\n";
    }
}
