package io.hone.eval;

import io.hone.eval.task.Example;
import io.hone.eval.task.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded "What is a plus b?" / "What is a times b?" questions (half each), the task the rule-based server answers. */
public final class ArithmeticTask {
    private ArithmeticTask() {}

    public static Task make(int n, long seed) {
        var rnd = new Random(seed);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int a = 2 + rnd.nextInt(40), b = 2 + rnd.nextInt(40);
            boolean plus = i % 2 == 0;
            out.add(Example.of("q" + i, "What is " + a + (plus ? " plus " : " times ") + b + "?", String.valueOf(plus ? a + b : a * b)));
        }
        return new Task("arithmetic", out);
    }

    /** The same task as JSONL lines. */
    public static String jsonl(Task t) {
        StringBuilder sb = new StringBuilder();
        for (Example e : t.examples()) {
            sb.append("{\"id\":\"").append(e.id()).append("\",\"input\":\"").append(e.input()).append("\",\"target\":\"").append(e.target()).append("\"}\n");
        }
        return sb.toString();
    }
}
