package io.hone.improve;

import io.hone.core.io.AtomicFile;
import io.hone.core.io.JsonFile;
import io.hone.eval.Score;
import io.hone.improve.report.RunSummary;
import io.hone.improve.search.FinalScoring;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The test-split leaderboard of an {@link Improve} run: a table on stdout and {@code leaderboard.json}. */
public final class Leaderboard {
    private Leaderboard() {}

    public static void print(Improve.Result r, PrintStream out) {
        FinalScoring.Result f = r.scores();
        out.println();
        out.printf(Locale.ROOT, "%-28s %-7s %-16s %-26s %s%n", "configuration (test)", f.winner().test().score().metric(), "95% CI",
                "vs baseline (paired CI)", "what it is");
        for (FinalScoring.Entry e : f.entries()) {
            Score s = e.test().score();
            out.printf(Locale.ROOT, "%-28s %-7.3f %-16s %-26s %s%n", e.name(), s.mean(), String.format(Locale.ROOT, "[%.3f, %.3f]", s.ciLow(), s.ciHigh()),
                    e.name().equals("baseline") ? "" : delta(e.vsBaseline()), e.config().label());
        }
        if (f.vsBestSingle() != null) out.printf(Locale.ROOT, "best vs best single lever (%s): %s%n", f.vsBestSingle().name(), delta(f.vsBestSingle().delta()));
        for (RunSummary.Ablation a : f.ablations()) {
            out.printf(Locale.ROOT, "ablation, without %-9s %.3f (best − ablated %s)%n", a.removed() + ":", a.test().mean(), delta(negate(a.delta())));
        }
        for (FinalScoring.MoveChild c : f.moveChildren()) {
            out.printf(Locale.ROOT, "%s child %s of %s: dev %.3f vs %.3f%s, test %.3f vs %.3f (child − parent %s)%n", c.move(), c.id(), c.parent(),
                    c.dev(), c.parentDev(), c.full() ? "" : " (minibatch)", c.test().mean(), c.parentTest().mean(), delta(c.delta()));
        }
        out.printf(Locale.ROOT, "(n = %d held-out test examples, scored once at the end; %d candidates; %.0f s in all; %s)%n",
                f.winner().test().score().n(), f.rows().size(), r.seconds(), r.search().stopReason());
    }

    static String delta(Score d) {
        return d == null ? "" : String.format(Locale.ROOT, "%+.3f [%+.3f, %+.3f]", d.mean(), d.ciLow(), d.ciHigh());
    }

    static Score negate(Score d) {
        return new Score(d.metric(), 0.0 - d.mean(), 0.0 - d.ciHigh(), 0.0 - d.ciLow(), d.n()); // 0.0 - x: no -0.0
    }

    public static void writeJson(Improve.Result r, Settings s, Map<String, String> commands, java.nio.file.Path file) {
        FinalScoring.Result f = r.scores();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("task", s.task().toString());
        root.put("model", s.model().toString());
        if (s.docs() != null) root.put("docs", s.docs().toString());
        root.put("budget", s.budget().describe());
        root.put("seed", s.seed());
        root.put("seconds", r.seconds());
        root.put("stop_reason", r.search().stopReason());
        root.put("candidates", f.rows().size());
        List<Map<String, Object>> es = new ArrayList<>();
        for (FinalScoring.Entry e : f.entries()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", e.name());
            m.put("role", e.role());
            if (e.candidate() != null) m.put("id", e.candidate().id());
            m.put("label", e.config().label());
            putScore(m, "", e.test().score());
            if (e.vsBaseline() != null && !e.name().equals("baseline")) putDelta(m, "delta", e.vsBaseline());
            if (e == f.winner() && f.vsBestSingle() != null) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("name", f.bestSingle().name());
                v.put("id", f.vsBestSingle().name());
                putDelta(v, "delta", f.vsBestSingle().delta());
                m.put("vs_best_single", v);
            }
            m.put("rag", e.config().retrieval().on());
            m.put("adapter", e.config().weights().tuned());
            if (e.config().weights().quant() != null) m.put("quant", io.hone.eval.lm.LocalModel.describe(e.config().weights().quant()));
            m.put("command", commands.get(e.name()));
            es.add(m);
        }
        root.put("entries", es);
        List<Map<String, Object>> abl = new ArrayList<>();
        for (RunSummary.Ablation a : f.ablations()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("removed", a.removed());
            m.put("label", a.label());
            putScore(m, "", a.test());
            putDelta(m, "best_minus_ablated", negate(a.delta()));
            abl.add(m);
        }
        root.put("ablations", abl);
        List<Map<String, Object>> traj = new ArrayList<>();
        for (RunSummary.RoundPoint p : f.trajectory()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("round", p.round());
            m.put("id", p.bestId());
            m.put("dev", p.dev().mean());
            m.put("test", p.test().mean());
            m.put("test_used_for_selection", false);
            traj.add(m);
        }
        root.put("trajectory", traj);
        if (!f.moveChildren().isEmpty()) {
            List<Map<String, Object>> kids = new ArrayList<>();
            for (FinalScoring.MoveChild c : f.moveChildren()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("move", c.move());
                m.put("id", c.id());
                m.put("parent", c.parent());
                m.put("label", c.label());
                m.put("dev", c.dev());
                m.put("parent_dev", c.parentDev());
                m.put("dev_full", c.full());
                m.put("test", c.test().mean());
                m.put("parent_test", c.parentTest().mean());
                putDelta(m, "delta", c.delta());
                m.put("test_used_for_selection", false);
                kids.add(m);
            }
            root.put("move_children", kids);
        }
        root.put("best", Map.of("name", f.winner().name(), "id", f.winner().candidate().id(), "command", r.command()));
        AtomicFile.writeString(file, JsonFile.MAPPER.valueToTree(root).toPrettyString() + "\n");
    }

    private static void putScore(Map<String, Object> m, String prefix, Score s) {
        m.put("metric", s.metric());
        m.put(prefix + "score", s.mean());
        m.put(prefix + "ci_low", s.ciLow());
        m.put(prefix + "ci_high", s.ciHigh());
        m.put("n", s.n());
    }

    private static void putDelta(Map<String, Object> m, String name, Score d) {
        m.put(name, d.mean());
        m.put(name + "_ci_low", d.ciLow());
        m.put(name + "_ci_high", d.ciHigh());
    }
}
