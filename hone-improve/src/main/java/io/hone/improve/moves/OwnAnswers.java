package io.hone.improve.moves;

import io.hone.core.generate.SamplingConfig;
import io.hone.eval.EvalReport;
import io.hone.eval.ExampleResult;
import io.hone.eval.task.Example;
import io.hone.improve.search.Configuration;

import java.util.ArrayList;
import java.util.List;

/**
 * A configuration's own answers to the train inputs, as self-training and DPO-from-metric use them: one greedy
 * answer and {@code selfSamples} samples (temperature {@code selfTemperature}, top-p 0.95, seeds from the move's
 * seed) per input, each judged by the task metric. Per input the distinct answers in the order they came (the greedy
 * one first).
 */
public final class OwnAnswers {
    private OwnAnswers() {}

    /** One distinct answer and whether the metric accepts it. */
    public record Answer(String output, boolean accepted) {}

    public static List<List<Answer>> of(Configuration c, MoveContext ctx) {
        List<Example> train = ctx.train();
        MoveSettings s = ctx.settings();
        List<List<Answer>> out = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) out.add(new ArrayList<>());
        SamplingConfig greedy = ctx.scorer().sampling();
        for (int j = 0; j <= s.selfSamples(); j++) {
            SamplingConfig sc = j == 0 ? greedy : greedy.withTemperature(s.selfTemperature()).withTopP(0.95).withSeed(ctx.seed() * 1000 + j);
            EvalReport r = ctx.scorer().score(c, train, sc);
            for (int i = 0; i < train.size(); i++) {
                ExampleResult x = r.examples().get(i);
                List<Answer> seen = out.get(i);
                if (seen.stream().noneMatch(a -> a.output().equals(x.output()))) seen.add(new Answer(x.output(), ctx.scorer().success(x.score())));
            }
        }
        return out;
    }

    /** The accepted answers among {@code answers}, in order. */
    public static List<String> accepted(List<Answer> answers) {
        return answers.stream().filter(Answer::accepted).map(Answer::output).toList();
    }
}
