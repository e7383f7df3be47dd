package io.hone.core.model;

/**
 * Rotary embedding settings. {@code type} is "default", "linear" or "llama3"; the llama3 fields are
 * only meaningful for that type (transformers' {@code _compute_llama3_parameters}).
 */
public record RopeScaling(String type, double theta, double factor, double lowFreqFactor,
                          double highFreqFactor, int originalMaxPositions) {
    public static RopeScaling plain(double theta) {
        return new RopeScaling("default", theta, 1.0, 0, 0, 0);
    }
}
