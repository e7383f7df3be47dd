package io.hone.improve.moves;

import io.hone.eval.metric.GenerativeMetric;
import io.hone.eval.task.Example;
import io.hone.improve.search.Configuration;
import io.hone.improve.search.Scored;
import io.hone.improve.search.Weights;
import io.hone.train.rl.GrpoSettings;
import io.hone.train.rl.Reward;
import io.hone.train.rl.RlPrompt;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * The weights lever's preference and reinforcement moves (opt-in: they cost more training time than the supervised
 * ones). Both train a LoRA adapter from the base on the train inputs rendered exactly as the parent renders them
 * (its instruction, demos and retrieved contexts; demos left out), and the child keeps the parent's prompt and
 * retrieval. Only for generative metrics (a multiple-choice task has no answers to prefer or reward).
 * <ul>
 * <li>{@code dpo-from-metric}: the parent answers each train input greedily and with samples ({@link OwnAnswers},
 * as self-training); the metric splits the answers into accepted and rejected, and {@link #pairs} makes the
 * (chosen, rejected) pairs; DPO (sigmoid, β {@code dpoBeta}) + {@code rpoAlpha} × the chosen NLL, with the
 * first adapter's rank, learning rate and steps;</li>
 * <li>{@code grpo}: GRPO (hone-train's objective, β = 0) with the task metric as the reward, {@code grpoGenerations}
 * rollouts per prompt at {@code grpoTemperature}, {@link #GRPO_BATCH} prompts per step, {@code grpoSteps} steps,
 * the first adapter's rank and learning rate; rollouts stop where evaluation stops (the program's stop strings,
 * the answer length limit) and are judged as evaluation judges them (stripped).</li>
 * </ul>
 */
public final class PreferenceMoves {
    public static final String DPO_FROM_METRIC = "dpo-from-metric", GRPO = "grpo";
    /** Prompts per GRPO step (each with its group of rollouts). */
    public static final int GRPO_BATCH = 4;

    private PreferenceMoves() {}

    /** One preference: the answer to prefer and the one to disprefer. */
    public record Choice(String chosen, String rejected) {}

    /** The pairs of one input, and whether their chosen answer is the gold target (no answer was accepted). */
    public record InputPairs(List<Choice> pairs, boolean fromGold) {
        public InputPairs {
            pairs = List.copyOf(pairs);
        }
    }

    /**
     * The preference pairs of one train input. Every distinct rejected answer (greedy first) is one pair's rejected
     * side; the chosen side is an accepted answer of the model's own (the accepted ones in turn, greedy first), as
     * iterative RPO (Pang et al. 2024) and self-rewarding LMs (Yuan et al. 2024) pair the model's correct and incorrect
     * samples. When none of its answers is accepted the chosen side is the gold {@code target} (the metric accepts
     * it by definition): without it an input the model never gets right — on a small model, every input at first —
     * would teach nothing, and this is STaR's rationalization (the answer given when the model fails) with the
     * model's own wrong answers to push down. No rejected answer (all accepted): no pair.
     */
    public static InputPairs pairs(List<OwnAnswers.Answer> answers, String target) {
        List<String> accepted = OwnAnswers.accepted(answers);
        List<String> rejected = answers.stream().filter(a -> !a.accepted()).map(OwnAnswers.Answer::output).toList();
        List<Choice> pairs = new ArrayList<>();
        for (int k = 0; k < rejected.size(); k++) pairs.add(new Choice(accepted.isEmpty() ? target : accepted.get(k % accepted.size()), rejected.get(k)));
        return new InputPairs(pairs, accepted.isEmpty() && !rejected.isEmpty());
    }

    static boolean generative(MoveContext ctx) {
        return ctx.scorer().metric() instanceof GenerativeMetric;
    }

    public static final class DpoFromMetric implements Move {
        public String lever() {
            return "weights";
        }

        public String name() {
            return DPO_FROM_METRIC;
        }

        public Child apply(Scored parent, MoveContext ctx) {
            Configuration c = parent.config();
            MoveSettings s = ctx.settings();
            Weights hp = WeightMoves.recipe(c, "lora", s);
            if (!generative(ctx) || !ctx.fits(hp.steps(), Weights.DPO)) return null;
            List<Example> train = ctx.train();
            List<List<OwnAnswers.Answer>> answers = OwnAnswers.of(c, ctx);
            List<String> prompts = WeightMoves.prompts(c, train, ctx);
            var pairs = new LinkedHashSet<AdapterTrainer.Pair>();
            int inputs = 0, fromGold = 0;
            for (int i = 0; i < train.size(); i++) {
                if (prompts.get(i) == null) continue;
                InputPairs p = pairs(answers.get(i), train.get(i).target());
                if (p.pairs().isEmpty()) continue;
                inputs++;
                if (p.fromGold()) fromGold++;
                for (Choice x : p.pairs()) pairs.add(new AdapterTrainer.Pair(prompts.get(i), " " + x.chosen(), " " + x.rejected()));
            }
            if (pairs.isEmpty()) return null;
            var t = ctx.trainer().trainDpo(new ArrayList<>(pairs), hp.rank(), hp.lr(), hp.steps(), s.dpoBeta(), s.rpoAlpha(),
                    "pairs of " + parent.id() + "'s own answers");
            String how = String.format(Locale.ROOT, "DPO (beta %s, + %s x chosen NLL) on %d pairs of %s's own answers on %d of %d train inputs "
                            + "(%d tries each; chosen: an answer the metric accepts, or the target on the %d inputs where none was; rejected: the ones it rejects)",
                    s.dpoBeta(), s.rpoAlpha(), pairs.size(), parent.id(), inputs, train.size(), s.selfSamples() + 1, fromGold);
            return new Child(c.withWeights(t.weights()), how, t.steps());
        }
    }

    public static final class Grpo implements Move {
        public String lever() {
            return "weights";
        }

        public String name() {
            return GRPO;
        }

        public Child apply(Scored parent, MoveContext ctx) {
            Configuration c = parent.config();
            MoveSettings s = ctx.settings();
            Weights hp = WeightMoves.recipe(c, "lora", s);
            if (!(ctx.scorer().metric() instanceof GenerativeMetric metric) || !ctx.fits(s.grpoSteps(), Weights.GRPO)) return null;
            List<Example> train = ctx.train();
            List<String> prompts = WeightMoves.prompts(c, train, ctx);
            List<RlPrompt> rl = new ArrayList<>();
            for (int i = 0; i < train.size(); i++) {
                if (prompts.get(i) != null) rl.add(new RlPrompt(train.get(i).id(), prompts.get(i), train.get(i).targets()));
            }
            if (rl.isEmpty()) return null;
            var stops = new LinkedHashSet<>(ctx.scorer().program(c).stopStrings());
            stops.addAll(ctx.scorer().sampling().stopStrings());
            var g = new GrpoSettings(s.grpoGenerations(), s.grpoTemperature(), ctx.scorer().sampling().maxNewTokens(), 0, 0.2, 0.2, List.copyOf(stops));
            Reward reward = (p, completion) -> metric.judge(completion.strip(), p.targets()).score();
            var t = ctx.trainer().trainGrpo(rl, ctx.scorer().metric().name(), reward, g, GRPO_BATCH, hp.rank(), hp.lr(), s.grpoSteps(),
                    "train rendered as " + parent.id() + ", reward " + ctx.scorer().metric().name());
            String how = String.format(Locale.ROOT, "GRPO on %d train inputs rendered as %s renders them, reward %s, %d rollouts per prompt at "
                    + "temperature %s, %d prompts per step", rl.size(), parent.id(), ctx.scorer().metric().name(), g.generations(), g.temperature(), GRPO_BATCH);
            return new Child(c.withWeights(t.weights()), how, t.steps());
        }
    }
}
