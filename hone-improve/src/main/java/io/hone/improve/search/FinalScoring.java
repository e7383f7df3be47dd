package io.hone.improve.search;

import io.hone.eval.EvalReport;
import io.hone.eval.Evaluation;
import io.hone.eval.ExampleResult;
import io.hone.eval.Score;
import io.hone.eval.task.Example;
import io.hone.improve.moves.PreferenceMoves;
import io.hone.improve.report.RunSummary;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one look at the test split, after the search has decided everything: the winner (dev leader), the baseline,
 * the best single-lever configuration (chosen on dev), the leader of every round, the winner's lineage and its
 * ablations (each component reset to the baseline's), with paired bootstrap CIs of the differences; and every child of
 * the opt-in preference and RL moves against its parent ({@link MoveChild}).
 */
public final class FinalScoring {
    /** A configuration scored on test, with the role it plays in the report. */
    public record Entry(String name, String role, Candidate candidate, Configuration config, EvalReport test, Score vsBaseline) {}

    public record Result(Entry winner, Entry baseline, Entry bestSingle, List<Entry> entries, List<RunSummary.RoundPoint> trajectory,
                         List<RunSummary.LineageStep> lineage, List<RunSummary.Ablation> ablations, List<RunSummary.ExampleDiff> examples,
                         RunSummary.Comparison vsBaseline, RunSummary.Comparison vsBestSingle, List<RunSummary.CandidateRow> rows,
                         List<MoveChild> moveChildren) {}

    /** The moves whose every child is also scored on test against its parent (the opt-in preference and RL moves). */
    public static final List<String> STUDIED = List.of(PreferenceMoves.DPO_FROM_METRIC, PreferenceMoves.GRPO);

    /**
     * A child of a {@link #STUDIED} move against its parent: dev of each over the examples the child was scored on
     * ({@code full}: all of dev, else the screening minibatch), test of each, and child − parent on test (paired
     * bootstrap CI). Test is not used for selection.
     */
    public record MoveChild(String move, String id, String parent, String label, boolean full, double dev, double parentDev, Score test,
                            Score parentTest, Score delta) {}

    private final Scorer scorer;
    private final List<Example> test;
    private final long seed;
    private final Map<String, EvalReport> reports = new HashMap<>();

    public FinalScoring(Scorer scorer, List<Example> test, long seed) {
        this.scorer = scorer;
        this.test = List.copyOf(test);
        this.seed = seed;
    }

    private EvalReport test(Configuration c) {
        return reports.computeIfAbsent(c.key(), k -> scorer.score(c, test));
    }

    public Result run(IterativeSearch.Outcome o) {
        Map<String, Scored> byId = new LinkedHashMap<>();
        for (Scored s : o.all()) byId.put(s.id(), s);
        Scored win = o.frontier().leader();
        Scored base = o.all().getFirst();
        Scored single = bestSingle(o.frontier());
        EvalReport baseTest = test(base.config());
        List<Entry> entries = new ArrayList<>();
        Entry baseline = entry("baseline", "baseline", base, baseTest);
        Entry winner = entry("best", "final best (dev leader)", win, baseTest);
        Entry bestSingle = single == null ? null : entry("best single lever (" + single.candidate().lever() + ")", "best single lever, chosen on dev", single, baseTest);
        entries.add(winner);
        if (bestSingle != null) entries.add(bestSingle);
        for (String lever : List.of("prompt", "retrieval", "weights")) {
            Scored s = bestOfLever(o.frontier(), lever);
            if (s != null && s != single) entries.add(entry("best " + lever + " alone", "best single-lever configuration of this lever, chosen on dev", s, baseTest));
        }
        List<RunSummary.RoundPoint> trajectory = new ArrayList<>();
        for (IterativeSearch.RoundBest rb : o.rounds()) {
            Scored s = rb.best();
            EvalReport r = test(s.config());
            trajectory.add(new RunSummary.RoundPoint(rb.round(), s.id(), s.config().label(), s.dev(), r.score()));
            if (entries.stream().noneMatch(e -> e.candidate() != null && e.candidate().id().equals(s.id()))) {
                entries.add(entry("round " + rb.round() + " leader", "leader after round " + rb.round() + " (test not used for selection)", s, baseTest));
            }
        }
        entries.add(baseline);
        List<RunSummary.LineageStep> lineage = new ArrayList<>();
        List<Scored> chain = new ArrayList<>();
        for (Scored s = win; s != null; s = s.candidate().parent() == null ? null : byId.get(s.candidate().parent())) chain.addFirst(s);
        for (int i = 0; i < chain.size(); i++) {
            Scored s = chain.get(i);
            double gain = i == 0 ? 0 : s.dev().mean() - chain.get(i - 1).dev().mean();
            lineage.add(new RunSummary.LineageStep(s.id(), s.candidate().move() + ": " + s.candidate().how(), s.config().label(), s.dev(), gain,
                    test(s.config()).score()));
        }
        EvalReport winTest = test(win.config());
        List<RunSummary.Ablation> ablations = new ArrayList<>();
        Configuration w = win.config();
        if (w.hasPrompt()) ablations.add(ablate("prompt", w.withPrompt("", List.of()), winTest, entries, baseTest));
        if (w.retrieval().on()) ablations.add(ablate("retrieval", w.withRetrieval(Retrieval.OFF), winTest, entries, baseTest));
        if (w.weights().tuned()) ablations.add(ablate("weights", w.withWeights(Weights.BASE), winTest, entries, baseTest));
        List<RunSummary.ExampleDiff> diffs = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            ExampleResult b = baseTest.examples().get(i), x = winTest.examples().get(i);
            diffs.add(new RunSummary.ExampleDiff(b.id(), b.input(), String.join(" | ", b.targets()), b.output(), b.score(), x.output(), x.score()));
        }
        var vsBase = new RunSummary.Comparison("baseline", base.config().label(), Evaluation.improvement(baseTest, winTest, seed));
        var vsSingle = single == null ? null
                : new RunSummary.Comparison(single.id(), single.config().label(), Evaluation.improvement(test(single.config()), winTest, seed));
        List<RunSummary.CandidateRow> rows = new ArrayList<>();
        for (Scored s : o.all()) {
            Candidate c = s.candidate();
            rows.add(new RunSummary.CandidateRow(c.round(), c.id(), c.parent(), c.move(), c.config().label(), s.dev(), s.full(),
                    s.spend().calls(), s.spend().steps(), s.spend().seconds()));
        }
        List<MoveChild> children = new ArrayList<>();
        for (Scored s : o.all()) {
            Scored p = s.candidate().parent() == null ? null : byId.get(s.candidate().parent());
            if (p == null || !STUDIED.contains(s.candidate().move())) continue;
            EvalReport ct = test(s.config()), pt = test(p.config());
            int n = s.devScores().size();
            children.add(new MoveChild(s.candidate().move(), s.id(), p.id(), s.config().label(), s.full(), s.sumsOver(s.devScores().keySet())[0] / n,
                    p.sumsOver(s.devScores().keySet())[0] / n, ct.score(), pt.score(), Evaluation.improvement(pt, ct, seed)));
        }
        return new Result(winner, baseline, bestSingle, entries, trajectory, lineage, ablations, diffs, vsBase, vsSingle, rows, children);
    }

    private RunSummary.Ablation ablate(String removed, Configuration c, EvalReport winTest, List<Entry> entries, EvalReport baseTest) {
        EvalReport r = test(c);
        entries.add(new Entry("best without " + removed, "ablation of the final best", null, c, r, Evaluation.improvement(baseTest, r, seed)));
        return new RunSummary.Ablation(removed, c.label(), r.score(), Evaluation.improvement(winTest, r, seed));
    }

    private Entry entry(String name, String role, Scored s, EvalReport baseTest) {
        EvalReport r = test(s.config());
        return new Entry(name, role, s.candidate(), s.config(), r, s == null ? null : Evaluation.improvement(baseTest, r, seed));
    }

    /** The best configuration by dev (partial credit breaking ties) that differs from the baseline in exactly one lever (ties: the earlier). */
    static Scored bestSingle(Frontier f) {
        Scored best = null;
        for (Scored s : f.all()) if (s.config().levers() == 1 && (best == null || better(s, best))) best = s;
        return best;
    }

    /** By the metric, partial credit breaking ties, as the search selects. */
    private static boolean better(Scored a, Scored b) {
        return Scored.compare(a.dev().mean(), a.creditMean(), b.dev().mean(), b.creditMean()) > 0;
    }

    static Scored bestOfLever(Frontier f, String lever) {
        Scored best = null;
        for (Scored s : f.all()) {
            Configuration c = s.config();
            boolean only = c.levers() == 1 && switch (lever) {
                case "prompt" -> c.hasPrompt();
                case "retrieval" -> c.retrieval().on();
                default -> c.weights().tuned();
            };
            if (only && (best == null || better(s, best))) best = s;
        }
        return best;
    }
}
