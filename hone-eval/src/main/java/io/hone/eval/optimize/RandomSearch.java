package io.hone.eval.optimize;

import io.hone.eval.prompt.Demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * DSPy's BootstrapFewShotWithRandomSearch: candidate programs = zero-shot (the baseline), labeled k, bootstrapped
 * k, then random demo sets (random size 1..k, random order) drawn from the bootstrapped pool (labeled demos when
 * nothing bootstrapped); the best on dev wins. The pool is bootstrapped once, up to 3k demos.
 */
public record RandomSearch(int k, int candidates, int teacherDemos) implements PromptOptimizer {
    @Override
    public String name() {
        return "random-search";
    }

    @Override
    public void search(Search s) {
        s.evaluate("baseline", s.base);
        Random rnd = new Random(s.seed);
        s.evaluate("labeled k=" + k, s.base.withDemos(LabeledFewShot.sample(s.splits.train(), k, new Random(s.seed), null)));
        var boot = new BootstrapFewShot(k, teacherDemos);
        List<Demo> pool = boot.bootstrap(s, 3 * k, new Random(s.seed));
        s.note("bootstrapped pool: " + pool.size() + " demo(s)");
        s.evaluate("bootstrap k=" + k, s.base.withDemos(boot.topUp(pool.subList(0, Math.min(k, pool.size())), s, new Random(s.seed + 1))));
        List<Demo> source = pool.isEmpty() ? LabeledFewShot.sample(s.splits.train(), 3 * k, new Random(s.seed + 2), null) : pool;
        for (int c = 3; c < candidates; c++) {
            List<Demo> shuffled = new ArrayList<>(source);
            Collections.shuffle(shuffled, rnd);
            int size = 1 + rnd.nextInt(Math.min(k, shuffled.size()));
            s.evaluate("random #" + (c - 2) + " k=" + size, s.base.withDemos(shuffled.subList(0, size)));
        }
    }
}
