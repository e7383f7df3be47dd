package io.hone.train;

import io.hone.core.HoneException;
import io.hone.core.io.SafetensorsFile;
import io.hone.core.model.LayerWeights;
import io.hone.core.model.LlamaWeights;
import io.hone.core.ops.DenseLinear;
import io.hone.core.ops.Linear;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Puts LoRA/rsLoRA/DoRA adapters onto the projections of a loaded Llama-family model: freshly initialised
 * ({@link #attach}) or read from a PEFT adapter folder ({@link #load}). Keys follow PEFT:
 * {@code base_model.model.model.layers.<i>.self_attn.q_proj.lora_A.weight}.
 */
public final class PeftAdapter {
    private PeftAdapter() {}

    /** The adapted weights (base tensors shared, targeted projections wrapped) and the adapter's tensors in key order. */
    public record Adapted(LlamaWeights weights, LoraConfig config, List<Param> params) {}

    /** Full module name of a projection as transformers names it, e.g. {@code model.layers.0.mlp.up_proj}. */
    public static String moduleName(int layer, String proj) {
        String group = proj.endsWith("_proj") && (proj.startsWith("gate") || proj.startsWith("up") || proj.startsWith("down")) ? "mlp" : "self_attn";
        return "model.layers." + layer + "." + group + "." + proj;
    }

    public static String peftPrefix(int layer, String proj) {
        return "base_model.model." + moduleName(layer, proj);
    }

    /** New adapter with PEFT's initialisation (B = 0, so the model's output is unchanged; DoRA m = ‖W‖). */
    public static Adapted attach(LlamaWeights w, LoraConfig c, long seed) {
        var rnd = new SplittableRandom(seed);
        return wrap(w, c, (prefix, base) -> {
            int in = base.inFeatures(), out = base.outFeatures();
            float[] a = new float[c.r() * in];
            if (c.init().equals("gaussian")) {
                for (int i = 0; i < a.length; i++) a[i] = (float) (rnd.nextGaussian() / c.r());
            } else {
                double bound = 1.0 / Math.sqrt(in); // kaiming_uniform_(a=√5): √(6/((1+5)·fan_in))
                for (int i = 0; i < a.length; i++) a[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
            }
            return new float[][]{a, new float[out * c.r()], null};
        });
    }

    /** Reads {@code adapter_config.json} + {@code adapter_model.safetensors}; every file tensor must be used. */
    public static Adapted load(Path dir, LlamaWeights w) {
        LoraConfig c = LoraConfig.read(dir.resolve("adapter_config.json"));
        try (var f = SafetensorsFile.open(dir.resolve("adapter_model.safetensors"))) {
            var used = new HashSet<String>();
            Adapted a = wrap(w, c, (prefix, base) -> {
                float[] lA = read(f, prefix + ".lora_A.weight", used, c.r(), base.inFeatures());
                float[] lB = read(f, prefix + ".lora_B.weight", used, base.outFeatures(), c.r());
                float[] m = c.useDora() ? read(f, prefix + ".lora_magnitude_vector", used, base.outFeatures()) : null;
                return new float[][]{lA, lB, m};
            });
            var unused = new ArrayList<>(f.names());
            unused.removeAll(used);
            if (!unused.isEmpty()) {
                throw new HoneException(f.path() + ": " + unused.size() + " tensors match no targeted module of this model, e.g. '"
                        + unused.getFirst() + "'");
            }
            return a;
        }
    }

    private interface Init {
        /** {A, B, magnitude-or-null} for the module with this PEFT prefix. */
        float[][] tensors(String prefix, Linear base);
    }

    private static Adapted wrap(LlamaWeights w, LoraConfig c, Init init) {
        LayerWeights[] layers = w.layers().clone();
        var params = new ArrayList<Param>();
        for (int l = 0; l < layers.length; l++) {
            for (String proj : LayerWeights.MODULES) {
                if (!c.targets(moduleName(l, proj))) continue;
                Linear base = layers[l].module(proj);
                String prefix = peftPrefix(l, proj);
                float[][] t = init.tensors(prefix, base);
                TrainableLinear adapted;
                if (c.useDora()) {
                    if (!(base instanceof DenseLinear dense)) throw new HoneException(prefix + ": DoRA needs a dense base weight, got " + base.getClass().getSimpleName());
                    adapted = new DoraLinear(prefix, dense, t[0], t[1], t[2], c.r(), c.scale(), c.dropout());
                } else {
                    adapted = new LoraLinear(prefix, base, t[0], t[1], c.r(), c.scale(), c.dropout());
                }
                layers[l] = layers[l].with(proj, adapted);
                params.addAll(adapted.params());
            }
        }
        if (params.isEmpty()) throw new HoneException("adapter target_modules match no projection of this model (" + describe(c) + ")");
        return new Adapted(new LlamaWeights(w.embed(), layers, w.finalNorm(), w.lmHead()), c, List.copyOf(params));
    }

    private static String describe(LoraConfig c) {
        return c.targetModules() != null ? c.targetModules().toString() : c.targetPattern();
    }

    private static float[] read(SafetensorsFile f, String key, java.util.Set<String> used, long... shape) {
        if (!f.has(key)) throw new HoneException(f.path() + ": tensor '" + key + "' is missing (expected shape " + Arrays.toString(shape) + ")");
        if (!Arrays.equals(f.shape(key), shape)) {
            throw new HoneException(f.path() + ": tensor '" + key + "' has shape " + Arrays.toString(f.shape(key)) + ", expected " + Arrays.toString(shape));
        }
        used.add(key);
        return f.floats(key);
    }
}
