package io.hone.core.quant;

import io.hone.core.model.LayerWeights;
import io.hone.core.model.LlamaWeights;

/**
 * What the 4-bit projections of a model take as bitsandbytes stores them: their parameter count and their bits, packed
 * nibbles plus the absmax state ({@link Nf4Tensor#bitsPerParameter}). The QLoRA log line of {@code hone finetune} and the
 * bytes per parameter of {@code hone bench train} both read it here.
 */
public record Nf4Storage(int projections, double params, double bits) {
    public static Nf4Storage of(LlamaWeights w) {
        int n = 0;
        double params = 0, bits = 0;
        for (LayerWeights l : w.layers()) {
            for (String m : LayerWeights.MODULES) {
                if (l.module(m) instanceof Nf4Linear q) {
                    n++;
                    params += q.weight().size();
                    bits += q.weight().bitsPerParameter() * q.weight().size();
                }
            }
        }
        return new Nf4Storage(n, params, bits);
    }

    /** Bits per 4-bit parameter with the absmax state; NaN when there are none. */
    public double bitsPerParameter() {
        return params == 0 ? Double.NaN : bits / params;
    }

    public double bytes() {
        return bits / 8;
    }
}
