package io.hone.core.model;

import io.hone.core.ops.Linear;

/** One decoder block's parameters. Linear layers are interfaces so adapters/quantized weights can stand in. */
public record LayerWeights(float[] attnNorm, Linear q, Linear k, Linear v, Linear o,
                         float[] mlpNorm, Linear gate, Linear up, Linear down) {

    /** The seven projections under their PEFT module names. */
    public Linear module(String name) {
        return switch (name) {
            case "q_proj" -> q;
            case "k_proj" -> k;
            case "v_proj" -> v;
            case "o_proj" -> o;
            case "gate_proj" -> gate;
            case "up_proj" -> up;
            case "down_proj" -> down;
            default -> throw new IllegalArgumentException("unknown module " + name);
        };
    }

    public LayerWeights with(String name, Linear l) {
        return new LayerWeights(attnNorm, name.equals("q_proj") ? l : q, name.equals("k_proj") ? l : k,
                name.equals("v_proj") ? l : v, name.equals("o_proj") ? l : o, mlpNorm,
                name.equals("gate_proj") ? l : gate, name.equals("up_proj") ? l : up, name.equals("down_proj") ? l : down);
    }

    public static final java.util.List<String> MODULES =
            java.util.List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");
}
