package io.hone.eval.optimize;

import io.hone.eval.prompt.Demo;
import io.hone.eval.task.Example;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** k train examples with their reference answers as demos (DSPy's LabeledFewShot; here sampled with the seed). */
public record LabeledFewShot(int k) implements PromptOptimizer {
    @Override
    public String name() {
        return "labeled";
    }

    @Override
    public void search(Search s) {
        s.evaluate("baseline", s.base);
        s.evaluate("labeled k=" + k, s.base.withDemos(sample(s.splits.train(), k, new Random(s.seed), null)));
    }

    /** k distinct train examples as labeled demos, never {@code exclude}. */
    static List<Demo> sample(List<Example> train, int k, Random rnd, Example exclude) {
        List<Example> pool = new ArrayList<>(train);
        if (exclude != null) pool.remove(exclude);
        Collections.shuffle(pool, rnd);
        return pool.subList(0, Math.min(k, pool.size())).stream().map(Demo::of).toList();
    }
}
