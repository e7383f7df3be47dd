package io.hone.core.model;

import io.hone.core.HoneException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Named Llama-family shapes of real checkpoints (as in ../shared/bench/torch_lora_anchor.py), for random-weight models. */
public final class ModelShapes {
    private ModelShapes() {}

    private record Shape(String type, int vocab, int hidden, int inter, int layers, int heads, int kvHeads,
                         boolean tied, double theta, int maxPos) {}

    private static final Map<String, Shape> SHAPES = new LinkedHashMap<>();

    static {
        SHAPES.put("tiny", new Shape("llama", 512, 64, 176, 2, 4, 2, true, 10000, 2048));
        SHAPES.put("smollm2-135m", new Shape("llama", 49152, 576, 1536, 30, 9, 3, true, 100000, 8192));
        SHAPES.put("smollm2-360m", new Shape("llama", 49152, 960, 2560, 32, 15, 5, true, 100000, 8192));
        SHAPES.put("qwen2.5-0.5b", new Shape("qwen2", 151936, 896, 4864, 24, 14, 2, true, 1000000, 32768));
        SHAPES.put("llama3.2-1b", new Shape("llama", 128256, 2048, 8192, 16, 32, 8, true, 500000, 131072));
    }

    public static List<String> names() {
        return List.copyOf(SHAPES.keySet());
    }

    public static ModelConfig get(String name) {
        Shape s = SHAPES.get(name);
        if (s == null) throw new HoneException("unknown shape '" + name + "' (known: " + String.join(", ", SHAPES.keySet()) + ")");
        boolean qwen = s.type.equals("qwen2");
        return new ModelConfig(s.type, s.vocab, s.hidden, s.inter, s.layers, s.heads, s.kvHeads, s.hidden / s.heads,
                1e-5, RopeScaling.plain(s.theta), s.maxPos, s.tied, qwen, false, false, 0, 1, List.of(2), "float32");
    }
}
