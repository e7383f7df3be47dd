package io.hone.train.loop;

import io.hone.core.generate.TokenLogProbs;
import io.hone.core.model.LlamaModel;
import io.hone.core.model.LlamaWeights;
import io.hone.core.model.ModelConfig;
import io.hone.train.data.TrainingSequence;

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

    public static Result evaluate(ModelConfig cfg, LlamaWeights weights, List<TrainingSequence> examples) {
        var model = new LlamaModel(cfg, weights);
        double sum = 0;
        long count = 0;
        for (TrainingSequence e : examples) {
            for (double lp : TokenLogProbs.of(model, e.ids(), e.labels())) {
                if (Double.isNaN(lp)) continue;
                sum -= lp;
                count++;
            }
        }
        return new Result(count == 0 ? Double.NaN : sum / count, count);
    }
}
