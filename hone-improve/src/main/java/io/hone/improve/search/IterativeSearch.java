package io.hone.improve.search;

import io.hone.core.generate.PromptLength;
import io.hone.eval.Bootstrap;
import io.hone.eval.EvalReport;
import io.hone.eval.ExampleResult;
import io.hone.eval.task.Example;
import io.hone.improve.moves.AdapterTrainer;
import io.hone.improve.moves.Move;
import io.hone.improve.moves.MoveContext;
import io.hone.improve.moves.MoveSettings;
import io.hone.improve.moves.PromptMoves;
import io.hone.improve.moves.Reflector;
import io.hone.improve.moves.RetrievalMoves;
import io.hone.improve.moves.WeightMoves;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The iterative search of {@code hone improve}. Round 0 scores the baseline and each lever alone on it (demos,
 * a reflected instruction, retrieval, a LoRA adapter). Each later round takes parents from the per-example Pareto
 * frontier ({@link Frontier}) and applies every move not yet tried on them — retrieval steps, prompt moves
 * (reflection, demos bootstrapped with the parent's weights, merge), weights moves (adapters on the parent's
 * renders, self-training, a hyperparameter race) — so a prompt move after a weights move runs against the new
 * weights. A child is screened on a dev minibatch and scored on the whole dev split only when it does at least as
 * well there as its parent (strictly better for prompt moves, which are cheap to propose). The search stops when
 * the budget is spent, after the last round, or after {@code patience} rounds in which the dev leader did not rise
 * by at least {@code minGain}. Only train and dev are used; test is never seen here.
 */
public final class IterativeSearch {
    public record Options(SearchBudget budget, int parents, int minibatch, int patience, double minGain, MoveSettings moves, long seed) {}

    /** The leader after each round. */
    public record RoundBest(int round, Scored best) {}

    public record Outcome(Frontier frontier, List<Scored> all, List<RoundBest> rounds, String stopReason, Spend spent) {}

    private final List<Example> train;
    private final List<Example> dev;
    private final Scorer scorer;
    private final AdapterTrainer trainer;
    private final Reflector reflector;
    private final LongSupplier calls;
    private final RunStore store;
    private final Options o;
    private final PrintStream out;
    private final PrintStream log;

    private final Frontier frontier;
    private final List<Scored> all = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private final Set<String> tried = new HashSet<>();
    private Spend spent = Spend.ZERO;
    private int next;
    private int attempts;
    private String stop;

    public IterativeSearch(List<Example> train, List<Example> dev, Scorer scorer, AdapterTrainer trainer, Reflector reflector, LongSupplier calls,
                           RunStore store, Options o, PrintStream out, PrintStream log) {
        this.train = List.copyOf(train);
        this.dev = List.copyOf(dev);
        this.scorer = scorer;
        this.trainer = trainer;
        this.reflector = reflector;
        this.calls = calls;
        this.store = store;
        this.o = o;
        this.out = out;
        this.log = log;
        this.frontier = new Frontier(dev.stream().map(Example::id).toList());
    }

    public Outcome run() {
        List<RoundBest> rounds = new ArrayList<>();
        Scored base = evaluate(new Candidate(id(), null, "start", "baseline", "zero-shot, no retrieval, base weights", 0, Configuration.BASELINE), null, true);
        List<Move> singles = new ArrayList<>(List.of(new PromptMoves.BootstrapDemos(), new PromptMoves.Reflect()));
        singles.addAll(RetrievalMoves.forParent(base, o.moves()));
        singles.add(new WeightMoves.Train("lora"));
        for (Move m : singles) {
            if (budgetHit()) break;
            attempt(base, m, 0, true);
        }
        rounds.add(new RoundBest(0, frontier.leader()));
        int stale = 0;
        for (int round = 1; round <= o.budget().rounds() && !budgetHit(); round++) {
            Scored before = frontier.leader();
            for (Attempt a : schedule(frontier.parents(o.parents()))) {
                if (budgetHit()) break;
                attempt(a.parent(), a.move(), round, false);
            }
            Scored now = frontier.leader();
            rounds.add(new RoundBest(round, now));
            double gain = now.dev().mean() - before.dev().mean(), creditGain = now.creditMean() - before.creditMean();
            out.printf(Locale.ROOT, "round %d: leader %s dev %.3f (%+.3f; partial credit %+.3f); %s%n", round, now.id(), now.dev().mean(), gain,
                    creditGain, spentLine());
            // progress: the metric rose by minGain, or held while partial credit rose by as much (the facts came before the format)
            boolean progress = gain >= o.minGain() - 1e-9 || (gain > -1e-9 && creditGain >= o.minGain() - 1e-9);
            stale = progress ? 0 : stale + 1;
            if (stop == null && stale >= o.patience()) {
                stop = stale + " round(s) without a dev gain of at least " + String.format(Locale.ROOT, "%.3f", o.minGain()) + " (metric or partial credit)";
            }
        }
        if (stop == null) stop = "all " + o.budget().rounds() + " rounds done";
        out.println("search stopped: " + stop);
        return new Outcome(frontier, List.copyOf(all), rounds, stop, spent);
    }

    private record Attempt(Scored parent, Move move) {}

    /**
     * A round's moves, cheapest lever first (retrieval, prompt, weights) and within a lever the parents in turn, so
     * every parent gets its first adapter before any parent's hyperparameter race.
     */
    private List<Attempt> schedule(List<Scored> parents) {
        List<Attempt> out = new ArrayList<>();
        for (int lever = 0; lever < 3; lever++) {
            List<List<Move>> per = new ArrayList<>();
            for (Scored p : parents) {
                per.add(switch (lever) {
                    case 0 -> RetrievalMoves.forParent(p, o.moves());
                    case 1 -> PromptMoves.all();
                    default -> WeightMoves.forParent(p, o.moves());
                });
            }
            int longest = per.stream().mapToInt(List::size).max().orElse(0);
            for (int i = 0; i < longest; i++) {
                for (int j = 0; j < parents.size(); j++) if (i < per.get(j).size()) out.add(new Attempt(parents.get(j), per.get(j).get(i)));
            }
        }
        return out;
    }

    /**
     * Wall-clock seconds per training step so far, per training stage (sft, dpo, grpo): the cost of the candidates
     * that trained an adapter of that stage, over their steps. A stage with none yet is absent.
     */
    private Map<String, Double> secondsPerStep() {
        Map<String, double[]> sums = new HashMap<>();
        for (Scored s : all) {
            if (s.spend().steps() > 0) {
                double[] a = sums.computeIfAbsent(s.config().weights().stage(), k -> new double[2]);
                a[0] += s.spend().seconds();
                a[1] += s.spend().steps();
            }
        }
        Map<String, Double> rates = new HashMap<>();
        sums.forEach((stage, a) -> rates.put(stage, a[0] / a[1]));
        return rates;
    }

    private boolean budgetHit() {
        if (stop == null) stop = o.budget().exhausted(spent.seconds(), spent.calls(), spent.steps());
        return stop != null;
    }

    private String id() {
        return "c" + next++;
    }

    /** Applies a move to a parent (once per parent), screens the child and keeps it when it earns a full dev score. */
    private void attempt(Scored parent, Move m, int round, boolean full) {
        if (!tried.add(parent.id() + "\u0000" + m.name())) return;
        long t0 = System.nanoTime();
        long c0 = calls.getAsLong();
        List<Example> batch = minibatch(round);
        double secondsLeft = o.budget().seconds() > 0 ? o.budget().seconds() - spent.seconds() : Double.POSITIVE_INFINITY;
        var ctx = new MoveContext(train, batch, scorer, trainer, reflector, o.moves(), frontier.pareto(),
                o.budget().stepsLeft(spent.steps()), secondsLeft, secondsPerStep(), o.seed() * 1_000_003L + round, log);
        Move.Child child;
        try {
            child = m.apply(parent, ctx);
        } catch (PromptLength.TooLong e) { // the move's own prompts (a parent's, with its demos and context) do not fit
            log.printf(Locale.ROOT, "  %s on %s: %s%n", m.name(), parent.id(), e.getMessage());
            child = null;
        }
        if (child == null || !seen.add(child.config().key())) {
            log.printf(Locale.ROOT, "  %s on %s: nothing new%n", m.name(), parent.id());
            spent = spent.plus(store.attempt(attempts++, new Spend(calls.getAsLong() - c0, child == null ? 0 : child.steps(), (System.nanoTime() - t0) / 1e9)));
            return;
        }
        var c = new Candidate(id(), parent.id(), m.name(), m.lever(), child.how(), round, child.config());
        Spend moveCost = new Spend(calls.getAsLong() - c0, child.steps(), (System.nanoTime() - t0) / 1e9);
        try {
            evaluate(c, full ? null : new Screen(parent, batch, m.lever().equals("prompt")), false, moveCost);
        } catch (PromptLength.TooLong e) { // a child whose prompts overflow the model's positions is not a candidate
            log.printf(Locale.ROOT, "  %s on %s: not kept, %s%n", m.name(), parent.id(), e.getMessage());
            spent = spent.plus(store.attempt(attempts++, new Spend(calls.getAsLong() - c0, child.steps(), (System.nanoTime() - t0) / 1e9)));
        }
    }

    private record Screen(Scored parent, List<Example> batch, boolean strict) {}

    private Scored evaluate(Candidate c, Screen screen, boolean first) {
        return evaluate(c, screen, first, Spend.ZERO);
    }

    private Scored evaluate(Candidate c, Screen screen, boolean first, Spend moveCost) {
        if (first) seen.add(c.config().key());
        Scored s = store.recorded(c);
        if (s == null) {
            long t0 = System.nanoTime();
            long c0 = calls.getAsLong();
            Map<String, Double> scores = new LinkedHashMap<>(), credit = new LinkedHashMap<>();
            boolean full = true;
            if (screen != null) {
                collect(scorer.score(c.config(), screen.batch()), scores, credit);
                List<String> ids = screen.batch().stream().map(Example::id).toList();
                double[] child = new Scored(c, scores, credit, null, false, Spend.ZERO).sumsOver(ids);
                double[] parent = screen.parent().sumsOver(ids);
                int cmp = Scored.compare(child[0], child[1], parent[0], parent[1]);
                full = screen.strict() ? cmp > 0 : cmp >= 0;
            }
            if (full) {
                List<Example> rest = dev.stream().filter(e -> !scores.containsKey(e.id())).toList();
                if (!rest.isEmpty()) collect(scorer.score(c.config(), rest), scores, credit);
            }
            List<Example> scoredOn = full ? dev : screen.batch();
            double[] v = scoredOn.stream().mapToDouble(e -> scores.get(e.id())).toArray();
            var dev = Bootstrap.mean(scorer.metric().name(), v, o.seed());
            Spend cost = moveCost.plus(new Spend(calls.getAsLong() - c0, 0, (System.nanoTime() - t0) / 1e9));
            s = new Scored(c, scores, credit, dev, full, cost);
            store.record(s);
        }
        spent = spent.plus(s.spend());
        all.add(s);
        if (s.full()) frontier.add(s);
        out.printf(Locale.ROOT, "  r%d %-4s %-16s from %-4s dev %.3f f1 %.3f%s  %s%n", c.round(), c.id(), c.move(), c.parent() == null ? "-" : c.parent(),
                s.dev().mean(), s.creditMean(), s.full() ? "     " : " (mb)", c.config().label());
        return s;
    }

    private void collect(EvalReport r, Map<String, Double> scores, Map<String, Double> credit) {
        for (ExampleResult x : r.examples()) {
            scores.put(x.id(), x.score());
            credit.put(x.id(), scorer.partialCredit(x));
        }
    }

    /** A dev minibatch for the round (seeded, so a resumed run screens on the same examples). */
    private List<Example> minibatch(int round) {
        if (o.minibatch() >= dev.size()) return dev;
        List<Example> l = new ArrayList<>(dev);
        Collections.shuffle(l, new Random(o.seed() * 31 + round));
        return l.subList(0, o.minibatch());
    }

    private String spentLine() {
        return String.format(Locale.ROOT, "spent %.0f s, %d calls, %d steps of %s", spent.seconds(), spent.calls(), spent.steps(), o.budget().describe());
    }
}
