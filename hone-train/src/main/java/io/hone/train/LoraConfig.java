package io.hone.train;

import io.hone.core.io.JsonFile;
import com.fasterxml.jackson.databind.JsonNode;
import io.hone.core.HoneException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The fields of a PEFT {@code adapter_config.json} (peft_type LORA) that decide the math.
 *
 * @param targetModules list form of {@code target_modules} (a module matches when its full name equals an entry or
 *                      ends with "." + entry); null when {@code targetPattern} is used
 * @param targetPattern string form: {@code "all-linear"} (every projection, never lm_head) or a regex matched against
 *                      the full module name (Python {@code re.fullmatch})
 * @param init          {@code "default"} (A kaiming-uniform a=√5, B zero), {@code "gaussian"} (A ~ N(0, (1/r)²), B zero)
 */
public record LoraConfig(int r, double alpha, double dropout, List<String> targetModules, String targetPattern,
                         boolean useRslora, boolean useDora, String init) {
    public static final String ALL_LINEAR = "all-linear";

    public LoraConfig {
        if (r <= 0) throw new IllegalArgumentException("LoRA rank r must be positive, got " + r);
        if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("lora_dropout must be in [0, 1), got " + dropout);
        if ((targetModules == null) == (targetPattern == null)) throw new IllegalArgumentException("give target modules as a list or a pattern");
    }

    /** Rank, alpha and the modules named (exact or {@code .}-suffix match); no dropout, plain LoRA, PEFT's default init. */
    public static LoraConfig of(int r, double alpha, List<String> targets) {
        return new LoraConfig(r, alpha, 0, List.copyOf(targets), null, false, false, "default");
    }

    /** As {@link #of}, over every linear projection but lm_head (PEFT's {@code "all-linear"}). */
    public static LoraConfig allLinear(int r, double alpha) {
        return matching(r, alpha, ALL_LINEAR);
    }

    /** As {@link #of}, over the modules whose full name matches {@code regex} (PEFT's string {@code target_modules}). */
    public static LoraConfig matching(int r, double alpha, String regex) {
        return new LoraConfig(r, alpha, 0, null, regex, false, false, "default");
    }

    /** {@code "default"} or {@code "gaussian"} (PEFT's {@code init_lora_weights}). */
    public LoraConfig withInit(String name) {
        return new LoraConfig(r, alpha, dropout, targetModules, targetPattern, useRslora, useDora, name);
    }

    public LoraConfig withRslora(boolean on) {
        return new LoraConfig(r, alpha, dropout, targetModules, targetPattern, on, useDora, init);
    }

    public LoraConfig withDora(boolean on) {
        return new LoraConfig(r, alpha, dropout, targetModules, targetPattern, useRslora, on, init);
    }

    public LoraConfig withDropout(double p) {
        return new LoraConfig(r, alpha, p, targetModules, targetPattern, useRslora, useDora, init);
    }

    /** alpha/r, or alpha/√r with rsLoRA. */
    public float scale() {
        return (float) (useRslora ? alpha / Math.sqrt(r) : alpha / r);
    }

    /** Whether the projection with this full module name (e.g. {@code model.layers.0.self_attn.q_proj}) is adapted. */
    public boolean targets(String module) {
        if (targetModules != null) {
            for (String t : targetModules) if (module.equals(t) || module.endsWith("." + t)) return true;
            return false;
        }
        if (targetPattern.equals(ALL_LINEAR)) return !module.equals("lm_head");
        return Pattern.compile(targetPattern).matcher(module).matches();
    }

    public static LoraConfig read(Path file) {
        JsonNode n = JsonFile.readOptional(file)
                .orElseThrow(() -> new HoneException(file + ": file not found (a PEFT adapter folder has adapter_config.json)"));
        String where = file.toString();
        String type = n.path("peft_type").asText("LORA");
        if (!type.equals("LORA")) throw new HoneException(where + ": peft_type " + type + " is not supported (only LORA)");
        if (!n.hasNonNull("r") || !n.hasNonNull("lora_alpha")) throw new HoneException(where + ": needs 'r' and 'lora_alpha'");
        unsupported(where, n, "rank_pattern");
        unsupported(where, n, "alpha_pattern");
        if (n.hasNonNull("layers_to_transform")) throw new HoneException(where + ": layers_to_transform is not supported");
        if (n.path("lora_bias").asBoolean(false)) throw new HoneException(where + ": lora_bias=true is not supported");
        if (!n.path("bias").asText("none").equals("none")) throw new HoneException(where + ": bias=" + n.path("bias").asText() + " is not supported (only \"none\")");
        if (n.path("fan_in_fan_out").asBoolean(false)) throw new HoneException(where + ": fan_in_fan_out=true is not supported");
        JsonNode t = n.path("target_modules");
        List<String> list = null;
        String pattern = null;
        if (t.isArray()) {
            list = new ArrayList<>();
            for (JsonNode e : t) {
                if (!e.isTextual()) throw new HoneException(where + ": target_modules must list module names (strings), got " + e);
                list.add(e.asText());
            }
        } else if (t.isTextual()) {
            pattern = t.asText();
            if (!pattern.equals(ALL_LINEAR)) {
                try {
                    Pattern.compile(pattern);
                } catch (PatternSyntaxException e) {
                    throw new HoneException(where + ": target_modules '" + pattern + "' is not a valid regular expression ("
                            + e.getDescription() + ")");
                }
            }
        } else {
            throw new HoneException(where + ": target_modules must be a list or a string");
        }
        JsonNode init = n.path("init_lora_weights");
        String initName = init.isTextual() ? init.asText().toLowerCase() : "default";
        return new LoraConfig(rank(where, n), alpha(where, n), dropout(where, n), list, pattern,
                flag(where, n, "use_rslora"), flag(where, n, "use_dora"), initName);
    }

    private static int rank(String where, JsonNode n) {
        JsonNode v = n.get("r");
        if (!v.isIntegralNumber() || v.asLong() <= 0 || v.asLong() > Integer.MAX_VALUE) {
            throw new HoneException(where + ": field 'r' must be a positive integer, got " + v);
        }
        return v.asInt();
    }

    private static double alpha(String where, JsonNode n) {
        JsonNode v = n.get("lora_alpha");
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new HoneException(where + ": field 'lora_alpha' must be a number, got " + v);
        }
        return v.asDouble();
    }

    private static double dropout(String where, JsonNode n) {
        JsonNode v = n.get("lora_dropout");
        if (v == null || v.isNull()) return 0;
        if (!v.isNumber() || !(v.asDouble() >= 0 && v.asDouble() < 1)) {
            throw new HoneException(where + ": field 'lora_dropout' must be a number in [0, 1), got " + v);
        }
        return v.asDouble();
    }

    private static boolean flag(String where, JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) return false;
        if (!v.isBoolean()) throw new HoneException(where + ": field '" + key + "' must be true or false, got " + v);
        return v.asBoolean();
    }

    private static void unsupported(String where, JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (v.isObject() && !v.isEmpty()) throw new HoneException(where + ": " + field + " is not supported (it is " + v + ")");
    }
}
