package io.hone.train.loop;

import io.hone.core.model.LlamaModel;
import io.hone.core.model.LlamaWeights;
import io.hone.core.model.ModelConfig;
import io.hone.core.ops.CrossEntropy;
import io.hone.train.data.Example;

import java.util.List;

/**
 * Validation loss in eval mode (no dropout: the adapters' inference forward), each example run alone at its own
 * length. The loss is the mean over all counted tokens of all examples (not a mean of per-example means).
 */
public final class Evaluator {
    private Evaluator() {}

    public record Result(double loss, long tokens) {
        public double perplexity() {
            return Math.exp(loss);
        }
    }

    public static Result evaluate(ModelConfig cfg, LlamaWeights weights, List<Example> examples) {
        var model = new LlamaModel(cfg, weights);
        int vocab = cfg.vocabSize();
        double sum = 0;
        long count = 0;
        for (Example e : examples) {
            float[] logits = model.forward(e.ids(), model.newCache(e.length()), true, null);
            for (int t = 0; t + 1 < e.length(); t++) {
                long target = e.labels()[t + 1];
                if (target == CrossEntropy.IGNORE) continue;
                int off = t * vocab;
                double max = Double.NEGATIVE_INFINITY;
                for (int v = 0; v < vocab; v++) max = Math.max(max, logits[off + v]);
                double z = 0;
                for (int v = 0; v < vocab; v++) z += Math.exp(logits[off + v] - max);
                sum += max + Math.log(z) - logits[off + (int) target];
                count++;
            }
        }
        return new Result(count == 0 ? Double.NaN : sum / count, count);
    }
}
