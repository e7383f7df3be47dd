package io.hone.improve.report;

import io.hone.core.io.AtomicFile;
import io.hone.eval.Score;
import io.hone.improve.report.RunSummary.Ablation;
import io.hone.improve.report.RunSummary.CandidateRow;
import io.hone.improve.report.RunSummary.Comparison;
import io.hone.improve.report.RunSummary.ExampleDiff;
import io.hone.improve.report.RunSummary.LineageStep;
import io.hone.improve.report.RunSummary.RoundPoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;

/** {@code report.html} of an improve run: one self-contained page (inline CSS and SVG; no scripts, nothing fetched). */
public final class ReportHtml {
    static final int MAX_EXAMPLE_ROWS = 50;
    private static final int MAX_CELL_CHARS = 400;

    private ReportHtml() {}

    public static void write(RunSummary s, Path file) {
        AtomicFile.writeString(file, render(s));
    }

    public static String render(RunSummary s) {
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>hone improve: ").append(esc(s.task())).append("</title>\n<style>").append(CSS).append("</style></head>\n<body><main>\n");
        header(h, s);
        trajectory(h, s);
        lineage(h, s);
        ablations(h, s);
        examples(h, s);
        candidates(h, s);
        h.append("</main></body></html>\n");
        return h.toString();
    }

    // ---- sections

    private static void header(StringBuilder h, RunSummary s) {
        h.append("<h1>hone improve</h1>\n<p class=\"lead\">Task ").append(code(s.task())).append(", model ").append(code(s.model()))
                .append(s.docs() == null ? ", no docs" : ", docs " + code(s.docs()))
                .append(", seed ").append(s.seed()).append(", budget ").append(code(s.budget()))
                .append("; metric ").append(code(s.metric()))
                .append(String.format(Locale.ROOT, " on n dev = %d / n test = %d examples; %s wall. ", s.devN(), s.testN(), wall(s.seconds())))
                .append("Stopped: ").append(esc(s.stopReason())).append(". Best configuration: <b>").append(esc(s.bestLabel())).append("</b> (")
                .append(code(s.bestId())).append("). On test, its gain vs the baseline is ").append(gain(s.vsBaseline()));
        if (s.vsBestSingle() == null) {
            h.append("; there was no single-lever configuration to compare it with.");
        } else {
            h.append(" and vs the best single lever (").append(code(s.vsBestSingle().name())).append(": ").append(esc(s.vsBestSingle().label()))
                    .append(") it is ").append(gain(s.vsBestSingle())).append('.');
        }
        h.append("</p>\n<p class=\"note\">Dev scores drove every decision. Test scores were computed once, at the end, and were not used "
                + "for selection. Intervals are 95% bootstrap CIs; gains use paired CIs on the same test examples.</p>\n")
                .append("<p>Reproduce the best configuration:</p>\n<pre>").append(esc(s.command())).append("</pre>\n");
    }

    private static void trajectory(StringBuilder h, RunSummary s) {
        h.append(heading("trajectory", "Trajectory"));
        List<RoundPoint> pts = list(s.trajectory());
        if (pts.isEmpty()) {
            h.append(empty("No rounds were recorded."));
            return;
        }
        h.append("<p class=\"note\">After each round: the best configuration so far by dev score, and the test score of that same "
                + "configuration.</p>\n").append(Charts.trajectory(pts, s.metric()));
    }

    private static void lineage(StringBuilder h, RunSummary s) {
        h.append(heading("lineage", "Lineage of the winner"));
        List<LineageStep> steps = list(s.lineage());
        if (steps.isEmpty()) {
            h.append(empty("No lineage was recorded."));
            return;
        }
        h.append("<table><thead><tr><th>step</th><th>move</th><th>configuration</th><th>dev score</th><th>dev gain vs parent</th>"
                + "<th>test score [95% CI]</th></tr></thead><tbody>\n");
        for (int i = 0; i < steps.size(); i++) {
            LineageStep st = steps.get(i);
            h.append("<tr><td class=\"n\">").append(i).append("</td><td>").append(esc(st.move())).append("</td><td>").append(esc(st.label()))
                    .append("</td><td class=\"n\">").append(score(st.dev())).append("</td><td class=\"n\">")
                    .append(i == 0 ? "<span class=\"muted\">(start)</span>" : signed(st.devGain())).append("</td><td class=\"n\">")
                    .append(score(st.test())).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
        if (steps.size() > 1) h.append("<p class=\"note\">Dev gain of each move, from the baseline to the winner:</p>\n").append(Charts.waterfall(steps));
    }

    private static void ablations(StringBuilder h, RunSummary s) {
        h.append(heading("ablation", "Ablation of the winner"));
        List<Ablation> abl = list(s.ablations());
        if (abl.isEmpty()) {
            h.append(empty("No ablations: the winner has no component to remove."));
            return;
        }
        h.append("<p class=\"note\">The winner with one component reset to the baseline's, scored on test. A component contributes when "
                + "the paired 95% CI of the winner's advantage lies above 0.</p>\n");
        h.append("<table><thead><tr><th>component removed</th><th>configuration</th><th>test score [95% CI]</th>"
                + "<th>winner − ablated [paired 95% CI]</th><th>verdict</th></tr></thead><tbody>\n");
        for (Ablation a : abl) {
            Score adv = advantage(a);
            h.append("<tr><td>").append(esc(a.removed())).append("</td><td>").append(esc(a.label())).append("</td><td class=\"n\">")
                    .append(score(a.test())).append("</td><td class=\"n\">").append(delta(adv)).append("</td><td>").append(pill(adv)).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n").append(Charts.ablation(abl));
    }

    private static void examples(StringBuilder h, RunSummary s) {
        h.append(heading("examples", "Per-example wins and losses vs baseline"));
        List<ExampleDiff> ex = list(s.examples());
        Tally t = Tally.of(ex);
        h.append("<div class=\"tally\">").append(stat("wins", t.wins(), "win")).append(stat("losses", t.losses(), "loss"))
                .append(stat("ties, both right", t.tiesRight(), "")).append(stat("ties, both wrong", t.tiesWrong(), "")).append("</div>\n")
                .append("<p class=\"note\">Per test example, winner vs baseline: a win when the winner scores higher, a loss when lower; "
                        + "in a tie, right means a score above 0.</p>\n");
        if (ex.isEmpty()) {
            h.append(empty("No per-example results were recorded."));
            return;
        }
        List<ExampleDiff> changed = ex.stream().filter(Predicate.not(ReportHtml::tied)).toList();
        if (changed.isEmpty()) {
            h.append(empty("No test example changed between the baseline and the winner."));
            return;
        }
        if (changed.size() > MAX_EXAMPLE_ROWS) {
            h.append(String.format(Locale.ROOT, "<p class=\"note\">Showing the first %d of %d changed examples.</p>%n", MAX_EXAMPLE_ROWS, changed.size()));
        }
        h.append("<table class=\"ex\"><thead><tr><th>id</th><th>input</th><th>target</th><th>baseline output</th><th>winner output</th>"
                + "</tr></thead><tbody>\n");
        for (ExampleDiff e : changed.subList(0, Math.min(MAX_EXAMPLE_ROWS, changed.size()))) {
            boolean win = e.bestScore() > e.baselineScore();
            h.append("<tr class=\"").append(win ? "win" : "loss").append("\"><td>").append(esc(e.id())).append("<br><span class=\"tag\">")
                    .append(win ? "win" : "loss").append("</span></td>").append(textCell(e.input())).append(textCell(e.target()))
                    .append(textCell(e.baselineOutput(), e.baselineScore())).append(textCell(e.bestOutput(), e.bestScore())).append("</tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    private static void candidates(StringBuilder h, RunSummary s) {
        h.append(heading("candidates", "Every candidate scored"));
        List<CandidateRow> rows = list(s.candidates());
        if (rows.isEmpty()) {
            h.append(empty("No candidates were scored."));
            return;
        }
        Map<Integer, List<CandidateRow>> byRound = new TreeMap<>();
        for (CandidateRow r : rows) byRound.computeIfAbsent(r.round(), k -> new ArrayList<>()).add(r);
        h.append("<p class=\"note\">").append(plural(rows.size(), "candidate")).append(" in ").append(plural(byRound.size(), "round"))
                .append(". Minibatch rows were screened on part of dev and dropped; the winner's row is highlighted.</p>\n");
        h.append("<table><thead><tr><th>round</th><th>id</th><th>parent</th><th>move</th><th>configuration</th><th>dev score [95% CI]</th>"
                + "<th>scored on</th><th>calls</th><th>steps</th><th>seconds</th></tr></thead>\n");
        for (var e : byRound.entrySet()) {
            h.append("<tbody><tr class=\"group\"><th colspan=\"10\">round ").append(e.getKey()).append(" · ")
                    .append(plural(e.getValue().size(), "candidate")).append("</th></tr>\n");
            for (CandidateRow r : e.getValue()) candidateRow(h, r, Objects.equals(r.id(), s.bestId()));
            h.append("</tbody>\n");
        }
        h.append("</table>\n");
    }

    private static void candidateRow(StringBuilder h, CandidateRow r, boolean winner) {
        h.append(winner ? "<tr class=\"winner\">" : r.full() ? "<tr>" : "<tr class=\"mini\">")
                .append("<td class=\"n\">").append(r.round()).append("</td><td class=\"id\">").append(esc(r.id())).append(winner ? " ★" : "")
                .append("</td><td>").append(r.parent() == null ? "<span class=\"muted\">—</span>" : esc(r.parent())).append("</td><td>")
                .append(esc(r.move())).append("</td><td>").append(esc(r.label())).append("</td><td class=\"n\">").append(score(r.dev()))
                .append("</td><td>").append(r.full() ? "full dev" : "minibatch" + (r.dev() == null ? "" : " (n=" + r.dev().n() + ")"))
                .append(String.format(Locale.ROOT, "</td><td class=\"n\">%d</td><td class=\"n\">%d</td><td class=\"n\">%.1f</td></tr>%n",
                        r.calls(), r.steps(), r.seconds()));
    }

    // ---- verdicts and counts

    /** The winner's advantage over an ablation: {@code −delta}, so its CI is {@code [−ciHigh, −ciLow]}. */
    static Score advantage(Ablation a) {
        Score d = a.delta();
        return new Score(d.metric(), -d.mean(), -d.ciHigh(), -d.ciLow(), d.n());
    }

    /** What removing a component did, from the paired CI of the winner's advantage. */
    static String verdict(Score advantage) {
        if (advantage.ciLow() > 0) return "contributes";
        if (advantage.ciHigh() < 0) return "hurts";
        return "no measurable effect";
    }

    /** Test examples, winner vs baseline. */
    record Tally(int wins, int losses, int tiesRight, int tiesWrong) {
        static Tally of(List<ExampleDiff> ex) {
            int w = 0, l = 0, r = 0, x = 0;
            for (ExampleDiff e : ex) {
                if (e.bestScore() > e.baselineScore()) w++;
                else if (e.bestScore() < e.baselineScore()) l++;
                else if (e.bestScore() > 0) r++;
                else x++;
            }
            return new Tally(w, l, r, x);
        }
    }

    private static boolean tied(ExampleDiff e) {
        return Double.compare(e.bestScore(), e.baselineScore()) == 0;
    }

    // ---- formatting (also used by Charts)

    static String esc(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String signed(double v) {
        return String.format(Locale.ROOT, "%+.3f", v);
    }

    /** "0.712 [0.650, 0.770]"-style text, plain (for tooltips). */
    static String scoreText(Score s) {
        return s == null ? "—" : String.format(Locale.ROOT, "%.3f [%.3f, %.3f], n=%d", s.mean(), s.ciLow(), s.ciHigh(), s.n());
    }

    static String clip(String s, int max) {
        if (s == null) return "";
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static String score(Score s) {
        if (s == null) return "<span class=\"muted\">—</span>";
        return String.format(Locale.ROOT, "%.3f <span class=\"ci\">[%.3f, %.3f]</span>", s.mean(), s.ciLow(), s.ciHigh());
    }

    private static String delta(Score d) {
        return String.format(Locale.ROOT, "%+.3f <span class=\"ci\">[%+.3f, %+.3f]</span>", d.mean(), d.ciLow(), d.ciHigh());
    }

    private static String gain(Comparison c) {
        if (c == null || c.delta() == null) return "not available";
        Score d = c.delta();
        return String.format(Locale.ROOT, "<b>%+.3f</b> (95%% CI %+.3f to %+.3f)", d.mean(), d.ciLow(), d.ciHigh());
    }

    private static String pill(Score adv) {
        String v = verdict(adv);
        String cls = switch (v) {
            case "contributes" -> "contributes";
            case "hurts" -> "hurts";
            default -> "none";
        };
        return "<span class=\"pill " + cls + "\">" + v + "</span>";
    }

    private static String wall(double seconds) {
        return seconds < 120 ? String.format(Locale.ROOT, "%.1f s", seconds)
                : String.format(Locale.ROOT, "%.0f s (%.1f min)", seconds, seconds / 60);
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String code(String s) {
        return "<code>" + esc(s) + "</code>";
    }

    private static String heading(String id, String title) {
        return "<h2 id=\"" + id + "\">" + esc(title) + "</h2>\n";
    }

    private static String empty(String text) {
        return "<p class=\"empty\">" + esc(text) + "</p>\n";
    }

    private static String stat(String name, int n, String cls) {
        return "<div class=\"stat " + cls + "\"><b>" + n + "</b>" + esc(name) + "</div>";
    }

    private static String textCell(String text) {
        return textCell(text, "");
    }

    private static String textCell(String text, double score) {
        return textCell(text, "<span class=\"score\">score " + num(score) + "</span>");
    }

    /** Long texts are clipped; the whole text is then in the cell's tooltip. */
    private static String textCell(String text, String suffix) {
        String t = text == null ? "" : text;
        String title = t.length() > MAX_CELL_CHARS ? " title=\"" + esc(t) + "\"" : "";
        return "<td class=\"text\"" + title + ">" + esc(clip(t, MAX_CELL_CHARS)) + suffix + "</td>";
    }

    private static final String CSS = """
            :root{--ink:#1e293b;--muted:#64748b;--line:#e2e8f0;--head:#f1f5f9}
            *{box-sizing:border-box}
            body{margin:0;background:#f1f5f9;color:var(--ink);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
            main{max-width:1200px;margin:0 auto;padding:20px 36px 64px;background:#fff;min-height:100vh}
            h1{font-size:26px;margin:6px 0 10px}
            h2{font-size:19px;margin:34px 0 8px;padding-bottom:6px;border-bottom:2px solid var(--line)}
            .lead{font-size:15px;margin:0 0 8px}
            .note{color:var(--muted);margin:4px 0 8px}
            .empty{color:var(--muted);font-style:italic}
            .muted{color:var(--muted)}
            code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--head);padding:1px 5px;border-radius:4px}
            pre{font:12.5px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#0f172a;color:#e2e8f0;padding:12px 14px;border-radius:6px;white-space:pre-wrap;word-break:break-all}
            table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-size:13px}
            th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
            thead th{background:var(--head);color:#334155;font-weight:600;white-space:nowrap}
            td.id{white-space:nowrap}
            td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            .ci{color:var(--muted);font-size:12px}
            tr.group th{background:#e2e8f0;font-weight:600;color:#334155}
            tr.winner td{background:#fef9c3;font-weight:600}
            tr.mini td{color:#64748b}
            tr.win td{background:#ecfdf5}
            tr.loss td{background:#fef2f2}
            tr.win td:first-child{border-left:4px solid #16a34a}
            tr.loss td:first-child{border-left:4px solid #dc2626}
            .tag{font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.04em}
            tr.win .tag{color:#15803d} tr.loss .tag{color:#b91c1c}
            td.text{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;word-break:break-word;max-width:300px}
            .score{display:block;margin-top:3px;font:11px system-ui,sans-serif;color:var(--muted)}
            .pill{display:inline-block;padding:1px 9px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap}
            .pill.contributes{background:#dcfce7;color:#166534}
            .pill.none{background:#e2e8f0;color:#475569}
            .pill.hurts{background:#fee2e2;color:#991b1b}
            .tally{display:flex;gap:12px;margin:10px 0 6px;flex-wrap:wrap}
            .stat{border:1px solid var(--line);border-radius:8px;padding:8px 16px;min-width:150px;color:var(--muted)}
            .stat b{display:block;font-size:24px;color:var(--ink)}
            .stat.win b{color:#15803d} .stat.loss b{color:#b91c1c}
            svg{display:block;max-width:100%;height:auto;margin:6px 0 12px}
            svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:12px}
            """;
}
