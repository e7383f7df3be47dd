package io.hone.improve.moves;

import io.hone.core.HoneException;
import io.hone.eval.prompt.Prompt;
import io.hone.eval.prompt.PromptProgram;
import io.hone.eval.task.Example;
import io.hone.improve.search.Configuration;
import io.hone.improve.search.Scored;
import io.hone.improve.search.Weights;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The weights lever's moves. Every adapter is trained from the base on train examples rendered exactly as the
 * parent's prompt program and retrieval render them at evaluation (demos of the program left out):
 * <ul>
 * <li>{@code train-lora} / {@code train-qlora}: on the labeled targets;</li>
 * <li>{@code self-train}: rejection-sampling fine-tuning (STaR without rationalization, BetterTogether's
 * prompt→weights step): the parent answers every train input greedily and with samples, and the answers the
 * metric accepts are the completions;</li>
 * <li>{@code hparam-race}: rank and learning-rate variants around the parent's supervised adapter, raced by
 * successive halving on a dev minibatch (quarter, half, then full steps; the better half goes on);</li>
 * <li>opt-in ({@code --moves +dpo-from-metric,+grpo}): {@link PreferenceMoves}.</li>
 * </ul>
 */
public final class WeightMoves {
    private WeightMoves() {}

    /** The weights moves {@code --moves} switches on and off ({@code train-lora} always runs: it is round 0's lever). */
    public static final List<String> SWITCHABLE = List.of("train-qlora", "self-train", "hparam-race", PreferenceMoves.DPO_FROM_METRIC, PreferenceMoves.GRPO);
    /** Those on by default; the preference and reinforcement moves are opt-in (they cost more training time). */
    public static final List<String> DEFAULT_ON = List.of("train-qlora", "self-train", "hparam-race");

    /**
     * {@code on} with a {@code --moves} list applied: comma-separated names of {@link #SWITCHABLE}, each {@code +name}
     * (or plain {@code name}) to switch it on, {@code -name} off. Returned in {@link #SWITCHABLE}'s order. A bad entry
     * is a {@link HoneException} naming {@code --moves}.
     */
    public static List<String> switched(List<String> on, String spec) {
        Set<String> now = new LinkedHashSet<>(on);
        if (spec.isBlank()) throw new HoneException("--moves: empty list (give e.g. +dpo-from-metric,+grpo or -self-train)");
        for (String raw : spec.split(",", -1)) {
            String item = raw.strip();
            boolean off = item.startsWith("-");
            String name = item.startsWith("+") || off ? item.substring(1).strip() : item;
            if (!SWITCHABLE.contains(name)) {
                throw new HoneException("--moves: unknown move '" + item + "' (switchable: " + String.join(", ", SWITCHABLE)
                        + "; +name on, -name off)");
            }
            if (off) now.remove(name);
            else now.add(name);
        }
        return SWITCHABLE.stream().filter(now::contains).toList();
    }

    public static List<Move> forParent(Scored parent, MoveSettings s) {
        List<Move> out = new ArrayList<>();
        out.add(new Train("lora"));
        if (s.weightMoves().contains("train-qlora")) out.add(new Train("qlora"));
        if (s.weightMoves().contains("self-train")) out.add(new SelfTrain());
        if (s.weightMoves().contains(PreferenceMoves.DPO_FROM_METRIC)) out.add(new PreferenceMoves.DpoFromMetric());
        if (s.weightMoves().contains(PreferenceMoves.GRPO)) out.add(new PreferenceMoves.Grpo());
        // the race retrains the parent's supervised adapter; a DPO or GRPO adapter has no labeled rows to race on
        Weights w = parent.config().weights();
        if (s.weightMoves().contains("hparam-race") && w.tuned() && w.stage().equals(Weights.SFT)) out.add(new HyperparameterRace());
        return out;
    }

    /** The parent's hyperparameters when it has an adapter of this method, else the settings' first ones. */
    static Weights recipe(Configuration c, String method, MoveSettings s) {
        Weights w = c.weights();
        if (w.tuned() && w.method().equals(method)) return w;
        return new Weights(method, Weights.SFT, null, "", method.equals("qlora") ? 4 * s.rank() : s.rank(), s.lr(), s.steps(), "");
    }

    /**
     * The prompt text of each example as the configuration's program + retrieval render it at evaluation; null for an
     * example that is one of the program's demos (never trained on).
     */
    static List<String> prompts(Configuration c, List<Example> train, MoveContext ctx) {
        PromptProgram program = ctx.scorer().program(c);
        Set<String> demos = PromptMoves.demoInputs(c);
        List<String> out = new ArrayList<>();
        for (Example ex : ctx.scorer().ground(c.retrieval(), train)) {
            if (demos.contains(ex.input())) {
                out.add(null);
                continue;
            }
            if (!(program.render(ex) instanceof Prompt.Text text)) throw new HoneException("improve trains on completion-mode prompts only");
            out.add(text.text());
        }
        return out;
    }

    /** Train rows rendered by the configuration's program + retrieval, completions from {@code answers}. */
    static List<AdapterTrainer.Row> rows(Configuration c, List<Example> train, List<String> answers, MoveContext ctx) {
        List<String> prompts = prompts(c, train, ctx);
        List<AdapterTrainer.Row> rows = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            if (prompts.get(i) != null && answers.get(i) != null) rows.add(new AdapterTrainer.Row(prompts.get(i), " " + answers.get(i)));
        }
        return rows;
    }

    static Move.Child trained(Scored parent, MoveContext ctx, String method, List<AdapterTrainer.Row> rows, Weights hp, String data, String how) {
        if (rows.isEmpty() || !ctx.fits(hp.steps())) return null;
        AdapterTrainer.Trained t = ctx.trainer().train(method, rows, hp.rank(), hp.lr(), hp.steps(), data);
        return new Move.Child(parent.config().withWeights(t.weights()), how, t.steps());
    }

    public record Train(String method) implements Move {
        public String lever() {
            return "weights";
        }

        public String name() {
            return "train-" + method;
        }

        public Child apply(Scored parent, MoveContext ctx) {
            Configuration c = parent.config();
            List<String> targets = ctx.train().stream().map(Example::target).toList();
            List<AdapterTrainer.Row> rows = rows(c, ctx.train(), targets, ctx);
            return trained(parent, ctx, method, rows, recipe(c, method, ctx.settings()), "labeled train rendered as " + parent.id(),
                    rows.size() + " labeled train examples rendered as " + parent.id() + " renders them");
        }
    }

    public static final class SelfTrain implements Move {
        public String lever() {
            return "weights";
        }

        public String name() {
            return "self-train";
        }

        public Child apply(Scored parent, MoveContext ctx) {
            Configuration c = parent.config();
            MoveSettings s = ctx.settings();
            if (!ctx.fits(recipe(c, "lora", s).steps())) return null;
            List<Example> train = ctx.train();
            List<List<String>> accepted = OwnAnswers.of(c, ctx).stream().map(OwnAnswers::accepted).toList();
            // one row per (input, distinct accepted answer): rows() takes one answer per example, so expand
            List<Example> expanded = new ArrayList<>();
            List<String> answers = new ArrayList<>();
            int inputs = 0;
            for (int i = 0; i < train.size(); i++) {
                if (!accepted.get(i).isEmpty()) inputs++;
                for (String a : accepted.get(i)) {
                    expanded.add(train.get(i));
                    answers.add(a);
                }
            }
            if (inputs == 0) return null;
            List<AdapterTrainer.Row> rows = rows(c, expanded, answers, ctx);
            return trained(parent, ctx, "lora", new ArrayList<>(new LinkedHashSet<>(rows)), recipe(c, "lora", s),
                    "self-training: " + parent.id() + "'s accepted answers",
                    rows.size() + " accepted answers of " + parent.id() + " on " + inputs + " of " + train.size() + " train inputs ("
                            + (s.selfSamples() + 1) + " tries each)");
        }
    }

    public static final class HyperparameterRace implements Move {
        public String lever() {
            return "weights";
        }

        public String name() {
            return "hparam-race";
        }

        public Child apply(Scored parent, MoveContext ctx) {
            Configuration c = parent.config();
            Weights w = c.weights();
            if (ctx.devBatch().isEmpty()) return null;
            List<Weights> variants = new ArrayList<>(List.of(
                    hp(w, w.rank() * 2, w.lr()), hp(w, Math.max(1, w.rank() / 2), w.lr()), hp(w, w.rank(), w.lr() * 2), hp(w, w.rank(), w.lr() / 2)));
            List<String> targets = ctx.train().stream().map(Example::target).toList();
            List<AdapterTrainer.Row> rows = rows(c, ctx.train(), targets, ctx);
            long spent = 0;
            String data = "labeled train rendered as " + parent.id();
            int[] rungs = {Math.max(1, w.steps() / 4), Math.max(1, w.steps() / 2), w.steps()};
            if (!ctx.fits((long) rungs[0] * variants.size() + 2L * rungs[1] + rungs[2])) return null;
            String how = String.format(java.util.Locale.ROOT, "successive halving of %d (rank, lr) variants at %d, %d, %d steps",
                    variants.size(), rungs[0], rungs[1], rungs[2]);
            for (int rung = 0; rung < rungs.length; rung++) {
                List<Weights> trained = new ArrayList<>();
                List<Double> means = new ArrayList<>();
                for (Weights v : variants) {
                    var t = ctx.trainer().train(w.method(), rows, v.rank(), v.lr(), rungs[rung], data);
                    spent += t.steps();
                    trained.add(t.weights());
                    means.add(ctx.scorer().score(c.withWeights(t.weights()), ctx.devBatch()).score().mean());
                }
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < trained.size(); i++) order.add(i);
                order.sort((a, b) -> Double.compare(means.get(b), means.get(a))); // stable: ties keep the variant order
                if (rung == rungs.length - 1) {
                    Weights win = trained.get(order.getFirst());
                    return new Child(c.withWeights(win), how + "; winner r" + win.rank() + " lr " + win.lr(), spent);
                }
                List<Weights> next = new ArrayList<>();
                for (int i = 0; i < Math.max(1, (variants.size() + 1) / 2); i++) next.add(variants.get(order.get(i)));
                variants = next;
            }
            return null;
        }

        private static Weights hp(Weights w, int rank, double lr) {
            return new Weights(w.method(), Weights.SFT, null, "", rank, lr, w.steps(), "");
        }
    }
}
