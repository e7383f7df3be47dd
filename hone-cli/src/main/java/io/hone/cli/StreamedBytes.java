package io.hone.cli;

import io.hone.core.model.LayerWeights;
import io.hone.core.model.LlamaModel;
import io.hone.core.model.ModelConfig;
import io.hone.core.ops.DenseLinear;
import io.hone.core.ops.Linear;
import io.hone.core.quant.Bf16Linear;
import io.hone.core.quant.Int8Linear;
import io.hone.core.quant.Nf4Linear;

/** What one decode step reads from memory: every matmul weight in its stored format, norms, one embedding row; and the KV cache. */
final class StreamedBytes {
    private StreamedBytes() {}

    /** Weight bytes per decoded token. */
    static long weights(LlamaModel m) {
        ModelConfig c = m.config();
        long bytes = 4L * c.hiddenSize() * (2L * c.numLayers() + 2); // norms + the embedding row
        for (LayerWeights l : m.weights().layers()) for (String name : LayerWeights.MODULES) bytes += of(l.module(name));
        return bytes + of(m.weights().lmHead());
    }

    /** KV cache bytes read by the decode step at position {@code pos} (keys and values of pos + 1 positions, FP32). */
    static long kv(ModelConfig c, int pos) {
        return 2L * 4 * c.kvDim() * c.numLayers() * (pos + 1);
    }

    static long of(Linear l) {
        long bias = switch (l) {
            case DenseLinear d -> d.bias() == null ? 0 : 4L * d.bias().length;
            case Bf16Linear b -> b.bias() == null ? 0 : 4L * b.bias().length;
            case Int8Linear i -> i.bias() == null ? 0 : 4L * i.bias().length;
            case Nf4Linear n -> n.bias() == null ? 0 : 4L * n.bias().length;
            default -> throw new IllegalArgumentException("unknown layer " + l.getClass().getSimpleName());
        };
        return bias + switch (l) {
            case DenseLinear d -> 4L * d.weight().length;
            case Bf16Linear b -> 2L * b.weight().length;
            case Int8Linear i -> i.weight().bytes();
            case Nf4Linear n -> (long) Math.ceil(n.weight().bitsPerParameter() * n.weight().size() / 8);
            default -> 0;
        };
    }
}
