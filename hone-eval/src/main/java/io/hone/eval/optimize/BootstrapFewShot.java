package io.hone.eval.optimize;

import io.hone.core.HoneException;
import io.hone.eval.ExampleResult;
import io.hone.eval.metric.GenerativeMetric;
import io.hone.eval.metric.MultipleChoice;
import io.hone.eval.prompt.Demo;
import io.hone.eval.prompt.PromptProgram;
import io.hone.eval.task.Example;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * DSPy's BootstrapFewShot: a teacher (the program with {@code teacherDemos} labeled demos) runs on shuffled train
 * examples; those it gets fully right become demos, with the teacher's own output as the answer (so a worked
 * answer teaches the format). Up to {@code k} bootstrapped demos, topped up with labeled ones if fewer pass.
 */
public record BootstrapFewShot(int k, int teacherDemos) implements PromptOptimizer {
    @Override
    public String name() {
        return "bootstrap";
    }

    @Override
    public void search(Search s) {
        s.evaluate("baseline", s.base);
        List<Demo> found = new ArrayList<>();
        try {
            found.addAll(bootstrap(s, k, new Random(s.seed)));
        } finally {
            s.note("bootstrapped " + found.size() + " demo(s) the teacher got right");
        }
        s.evaluate("bootstrap k=" + k, s.base.withDemos(topUp(found, s, new Random(s.seed + 1))));
    }

    List<Demo> topUp(List<Demo> found, Search s, Random rnd) {
        List<Demo> demos = new ArrayList<>(found);
        for (Demo d : LabeledFewShot.sample(s.splits.train(), s.splits.train().size(), rnd, null)) {
            if (demos.size() >= k) break;
            if (demos.stream().noneMatch(x -> x.input().equals(d.input()))) demos.add(d);
        }
        return demos;
    }

    /** Up to {@code max} demos from train examples the teacher answers right, in a seeded order. */
    List<Demo> bootstrap(Search s, int max, Random rnd) {
        if (!(s.metric instanceof GenerativeMetric || s.metric instanceof MultipleChoice)) {
            throw new HoneException("bootstrap needs a metric that says when an answer is right (em, contains, regex, f1, mc), not " + s.metric.name());
        }
        List<Example> order = new ArrayList<>(s.splits.train());
        Collections.shuffle(order, rnd);
        List<Demo> out = new ArrayList<>();
        for (Example ex : order) {
            if (out.size() >= max) break;
            PromptProgram teacher = s.base.withDemos(LabeledFewShot.sample(s.splits.train(), teacherDemos, new Random(s.seed ^ ex.id().hashCode()), ex));
            ExampleResult r = s.run(teacher, ex);
            if (!s.success(r.score())) continue;
            String answer = s.metric instanceof MultipleChoice ? ex.target() : r.output();
            out.add(new Demo(ex.input(), answer, ex.fields()));
        }
        return out;
    }
}
