package io.hone.train.loop;

import io.hone.train.TrainableModel;

import java.util.List;
import java.util.Map;

/**
 * What the {@link Trainer} optimises: a list of training rows, the forward/backward of a micro-batch of them, and a
 * validation pass. Supervised fine-tuning ({@link LanguageModeling}) and preference tuning
 * ({@code io.hone.train.pref.PreferenceObjective}) are the two kinds.
 */
public interface Objective {
    /** Training rows the trainer orders into epochs and micro-batches. */
    int rows();

    /** Forward + backward of the rows at {@code indices}; gradients are accumulated into the model's params. */
    Step step(TrainableModel model, List<Integer> indices);

    /** Validation with the current weights (eval mode), or null when there is no validation data. */
    Eval evaluate(TrainableModel model);

    /**
     * @param metrics extra per-step values written to {@code metrics.jsonl} under their names (e.g. TRL's
     *                {@code rewards/accuracies}); the trainer averages them over a step's micro-batches
     */
    record Step(double loss, long tokens, Map<String, Double> metrics) {}

    /** @param metrics extra values written as {@code eval_<name>} */
    record Eval(double loss, long tokens, Map<String, Double> metrics) {}

    /** A metric charted next to the loss in {@code reward.html/png} (train and {@code eval_} values), or null. */
    default String chartMetric() {
        return null;
    }

    /** A short text for the progress line from a step's metrics (e.g. reward accuracy), or "". */
    default String progress(Map<String, Double> metrics) {
        return "";
    }
}
