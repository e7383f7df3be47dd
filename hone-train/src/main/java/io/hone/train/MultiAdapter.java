package io.hone.train;

import io.hone.core.model.LayerWeights;
import io.hone.core.model.LlamaWeights;
import io.hone.core.ops.AdapterRows;
import io.hone.core.ops.Linear;

import java.util.List;

/**
 * One model over a base and several adapters loaded on it ({@link PeftAdapter#load}, sharing the base's tensors), so
 * requests for different adapters decode in one batch: slot 0 ({@link AdapterRows}) is the base, slot i the i-th
 * adapter. Projections no adapter targets stay the base's; the others become {@link MultiAdapterLinear}s.
 */
public final class MultiAdapter {
    private MultiAdapter() {}

    public static LlamaWeights weights(LlamaWeights base, List<LlamaWeights> adapters) {
        LayerWeights[] layers = base.layers().clone();
        for (int l = 0; l < layers.length; l++) {
            for (String proj : LayerWeights.MODULES) {
                Linear b = base.layers()[l].module(proj);
                Linear[] bySlot = new Linear[adapters.size() + 1];
                boolean any = false;
                for (int i = 0; i < adapters.size(); i++) {
                    LlamaWeights a = adapters.get(i);
                    if (a.layers().length != layers.length) throw new IllegalArgumentException("adapter " + (i + 1) + " has " + a.layers().length + " layers, the base " + layers.length);
                    Linear m = a.layers()[l].module(proj);
                    if (m != b) {
                        bySlot[i + 1] = m;
                        any = true;
                    }
                }
                if (any) layers[l] = layers[l].with(proj, new MultiAdapterLinear(b, bySlot));
            }
        }
        return new LlamaWeights(base.embed(), layers, base.finalNorm(), base.lmHead());
    }
}
