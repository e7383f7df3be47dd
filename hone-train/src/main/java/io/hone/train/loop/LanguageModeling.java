package io.hone.train.loop;

import io.hone.train.TrainableModel;
import io.hone.train.data.Collate;
import io.hone.train.data.TrainingSequence;
import io.hone.train.data.TrainData;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Supervised fine-tuning: the causal-LM cross-entropy over each row's labelled tokens. */
public record LanguageModeling(TrainData data, int padId) implements Objective {
    @Override
    public int rows() {
        return data.rows().size();
    }

    @Override
    public Step step(TrainableModel model, List<Integer> indices) {
        var rows = new ArrayList<TrainingSequence>(indices.size());
        for (int i : indices) rows.add(data.rows().get(i));
        return new Step(model.forwardBackward(Collate.batch(rows, padId)), Collate.tokens(rows), Map.of());
    }

    @Override
    public Eval evaluate(TrainableModel model) {
        if (data.validation().isEmpty()) return null;
        Evaluator.Result r = Evaluator.evaluate(model.config(), model.weights(), data.validation());
        return new Eval(r.loss(), r.tokens(), Map.of("perplexity", r.perplexity()));
    }
}
