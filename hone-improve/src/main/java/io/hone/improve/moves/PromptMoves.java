package io.hone.improve.moves;

import io.hone.eval.EvalReport;
import io.hone.eval.ExampleResult;
import io.hone.eval.prompt.Demo;
import io.hone.eval.task.Example;
import io.hone.improve.search.Configuration;
import io.hone.improve.search.Feedback;
import io.hone.improve.search.Scored;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** The prompt lever's moves: reflective instruction mutation, demos bootstrapped with the current weights, merge. */
public final class PromptMoves {
    private PromptMoves() {}

    public static List<Move> all() {
        return List.of(new Reflect(), new BootstrapDemos(), new Merge());
    }

    static List<Example> sample(List<Example> train, int n, long seed, Set<String> exclude) {
        List<Example> pool = new ArrayList<>();
        for (Example e : train) if (!exclude.contains(e.input())) pool.add(e);
        Collections.shuffle(pool, new Random(seed));
        return pool.subList(0, Math.min(n, pool.size()));
    }

    static Set<String> demoInputs(Configuration c) {
        Set<String> s = new HashSet<>();
        for (Demo d : c.demos()) s.add(d.input());
        return s;
    }

    /**
     * GEPA's reflective mutation: the parent answers a minibatch of train examples, the metric's feedback on each
     * (expected vs. got; whether retrieval held the answer) goes to the reflector, which writes a new instruction.
     */
    public static final class Reflect implements Move {
        public String lever() {
            return "prompt";
        }

        public String name() {
            return "reflect";
        }

        public Child apply(Scored parent, MoveContext ctx) {
            Configuration c = parent.config();
            List<Example> batch = sample(ctx.train(), ctx.settings().reflectBatch(), ctx.seed() ^ parent.id().hashCode(), demoInputs(c));
            if (batch.isEmpty()) return null;
            EvalReport r = ctx.scorer().score(c, batch);
            List<Example> grounded = ctx.scorer().ground(c.retrieval(), batch);
            List<String> wrong = new ArrayList<>(), right = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                ExampleResult x = r.examples().get(i);
                boolean ok = ctx.scorer().success(x.score());
                (ok ? right : wrong).add(Feedback.of(grounded.get(i), x, ok));
            }
            if (wrong.isEmpty()) return null;
            List<String> shown = new ArrayList<>(wrong);
            shown.addAll(right.subList(0, Math.min(2, right.size())));
            String ins = ctx.reflector().propose(c.instruction(), shown, ctx.seed());
            if (ins.isBlank() || ins.strip().equals(c.instruction().strip())) return null;
            return new Child(c.withPrompt(ins.strip(), c.demos()), "reflection by " + ctx.reflector().name() + " on " + wrong.size()
                    + " failure(s) of " + batch.size() + " train examples", 0);
        }
    }

    /**
     * DSPy's BootstrapFewShot with the parent as teacher: train examples the parent (its weights, retrieval and
     * instruction) answers right become demos, with its own output as the answer; labeled demos when none passes.
     */
    public static final class BootstrapDemos implements Move {
        public String lever() {
            return "prompt";
        }

        public String name() {
            return "bootstrap-demos";
        }

        public Child apply(Scored parent, MoveContext ctx) {
            Configuration c = parent.config();
            int k = ctx.settings().demos();
            List<Example> pool = sample(ctx.train(), 4 * k + 8, ctx.seed() ^ (parent.id().hashCode() * 31L), demoInputs(c));
            if (pool.isEmpty()) return null;
            Configuration teacher = c.withPrompt(c.instruction(), List.of());
            EvalReport r = ctx.scorer().score(teacher, pool);
            List<Demo> demos = new ArrayList<>();
            for (int i = 0; i < pool.size() && demos.size() < k; i++) {
                if (ctx.scorer().success(r.examples().get(i).score())) demos.add(new Demo(pool.get(i).input(), r.examples().get(i).output()));
            }
            String how = "bootstrapped " + demos.size() + " demo(s) the parent answered right";
            if (demos.isEmpty()) {
                for (Example e : pool.subList(0, Math.min(k, pool.size()))) demos.add(new Demo(e.input(), e.target()));
                how = "labeled demos (the parent answered none of " + pool.size() + " train examples right)";
            }
            if (demos.equals(c.demos())) return null;
            return new Child(c.withPrompt(c.instruction(), demos), how, 0);
        }
    }

    /** Merge: the parent's prompt takes the part it lacks (instruction or demos) from another frontier member. */
    public static final class Merge implements Move {
        public String lever() {
            return "prompt";
        }

        public String name() {
            return "merge";
        }

        public Child apply(Scored parent, MoveContext ctx) {
            Configuration c = parent.config();
            for (Scored other : ctx.frontier()) {
                Configuration o = other.config();
                if (other.id().equals(parent.id()) || !o.hasPrompt()) continue;
                String ins = c.instruction().isBlank() ? o.instruction() : c.instruction();
                List<Demo> demos = c.demos().isEmpty() ? o.demos() : c.demos();
                if (ins.equals(c.instruction()) && demos.equals(c.demos())) continue;
                return new Child(c.withPrompt(ins, demos), "prompt parts from " + other.id(), 0);
            }
            return null;
        }
    }
}
