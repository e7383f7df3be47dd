package io.hone.improve.report;

import io.hone.eval.Score;
import io.hone.improve.report.RunSummary.Ablation;
import io.hone.improve.report.RunSummary.LineageStep;
import io.hone.improve.report.RunSummary.RoundPoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import static io.hone.improve.report.ReportHtml.clip;
import static io.hone.improve.report.ReportHtml.esc;
import static io.hone.improve.report.ReportHtml.num;
import static io.hone.improve.report.ReportHtml.scoreText;
import static io.hone.improve.report.ReportHtml.signed;

/** The report's inline SVG charts. Every mark carries a {@code <title>} tooltip with its numbers. */
final class Charts {
    static final String DEV = "#2563eb", TEST = "#ea580c", UP = "#16a34a", DOWN = "#dc2626", FLAT = "#94a3b8";
    private static final String AXIS = "#94a3b8", GRID = "#e2e8f0", INK = "#334155", MUTED = "#64748b";

    private Charts() {}

    // ---- trajectory

    private static final int TW = 1100, TH = 380, TL = 64, TR = 110, TT = 58, TB = 48;

    /** Dev score of each round's best (solid) and the same configuration's test score (dashed), with CI bars. */
    static String trajectory(List<RoundPoint> pts, String metric) {
        int r0 = pts.stream().mapToInt(RoundPoint::round).min().orElse(0);
        int r1 = pts.stream().mapToInt(RoundPoint::round).max().orElse(0);
        double pad = r1 == r0 ? 1 : 0.4;
        Scale x = new Scale(r0 - pad, r1 + pad, TL, TW - TR);
        List<Score> all = new ArrayList<>();
        for (RoundPoint p : pts) {
            if (p.dev() != null) all.add(p.dev());
            if (p.test() != null) all.add(p.test());
        }
        Ticks yt = Ticks.of(Math.min(0, lowest(all)), Math.max(1, highest(all)), 5);
        Scale y = new Scale(yt.lo(), yt.hi(), TH - TB, TT);
        Svg g = new Svg("trajectory", TW, TH, "Dev and test score of the best configuration after each round");
        yGrid(g, yt, y, TL, TW - TR);
        int step = Math.max(1, (int) Math.ceil((r1 - r0 + 1) / 20.0));
        for (int r = r0; r <= r1; r += step) {
            g.line(x.at(r), TH - TB, x.at(r), TH - TB + 5, AXIS, 1);
            g.text(x.at(r), TH - TB + 19, "middle", "", Integer.toString(r));
        }
        g.line(TL, TH - TB, TW - TR, TH - TB, AXIS, 1);
        g.text((TL + TW - TR) / 2.0, TH - 8, "middle", "font-weight=\"600\"", "round");
        g.raw(String.format(Locale.ROOT, "<text transform=\"translate(16 %.1f) rotate(-90)\" text-anchor=\"middle\" font-weight=\"600\">%s</text>",
                (TT + TH - TB) / 2.0, esc(metric == null ? "score" : metric)));
        double[] devEnd = series(g, pts, RoundPoint::dev, "dev", x, y, -5);
        double[] testEnd = series(g, pts, RoundPoint::test, "test", x, y, 5);
        endLabels(g, devEnd, testEnd);
        trajectoryLegend(g);
        return g.close();
    }

    /** Draws one series (CI bars, then line, then dots on top); returns its last point {x, y, value} or null. */
    private static double[] series(Svg g, List<RoundPoint> pts, Function<RoundPoint, Score> score, String name, Scale x, Scale y, double dx) {
        boolean dev = name.equals("dev");
        String color = dev ? DEV : TEST;
        StringBuilder path = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        double[] last = null;
        for (RoundPoint p : pts) {
            Score s = score.apply(p);
            if (s == null) continue;
            double cx = x.at(p.round()) + dx, cy = y.at(s.mean());
            errorBar(g, cx, y.at(s.ciLow()), y.at(s.ciHigh()), color, true);
            path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", cx, cy));
            String tip = String.format(Locale.ROOT, "round %d · %s (%s)%n%s %s%s", p.round(), p.bestId(), p.label(), name, scoreText(s),
                    dev ? "" : "\n(scored once at the end, not used for selection)");
            dots.append(String.format(Locale.ROOT, "<circle class=\"dot %s\" data-round=\"%d\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\" stroke=\"%s\" "
                    + "stroke-width=\"%s\"><title>%s</title></circle>", name, p.round(), cx, cy, dev ? color : "#fff", dev ? "#fff" : color,
                    dev ? "1.5" : "2.2", esc(tip)));
            last = new double[]{cx, cy, s.mean()};
        }
        if (!path.isEmpty()) {
            g.raw(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"%s stroke-linejoin=\"round\"/>", path, color,
                    dev ? "" : " stroke-dasharray=\"7 5\""));
        }
        g.raw(dots.toString());
        return last;
    }

    /** "dev 0.712" / "test 0.690" right of the last points, pushed apart when they would overlap. */
    private static void endLabels(Svg g, double[] dev, double[] test) {
        double dy = dev == null ? 0 : dev[1], ty = test == null ? 0 : test[1];
        if (dev != null && test != null && Math.abs(dy - ty) < 16) {
            double mid = (dy + ty) / 2, half = 8;
            if (dy <= ty) { dy = mid - half; ty = mid + half; } else { dy = mid + half; ty = mid - half; }
        }
        double x = Math.max(dev == null ? 0 : dev[0], test == null ? 0 : test[0]) + 14;
        if (dev != null) g.text(x, dy + 4, "start", "font-weight=\"600\" fill=\"" + DEV + "\"", "dev " + num(dev[2]));
        if (test != null) g.text(x, ty + 4, "start", "font-weight=\"600\" fill=\"" + TEST + "\"", "test " + num(test[2]));
    }

    private static void trajectoryLegend(Svg g) {
        int y = 22;
        g.line(TL, y, TL + 34, y, DEV, 2.5);
        g.raw(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"5\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"1.5\"/>", TL + 17, y, DEV));
        g.text(TL + 42, y + 4, "start", "", "dev: best configuration so far (drives selection)");
        int x2 = TL + 360;
        g.raw(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2.5\" stroke-dasharray=\"7 5\"/>",
                x2, y, x2 + 34, y, TEST));
        g.raw(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"5\" fill=\"#fff\" stroke=\"%s\" stroke-width=\"2.2\"/>", x2 + 17, y, TEST));
        g.text(x2 + 42, y + 4, "start", "", "test: scored once at the end, not used for selection");
        g.text(TW - TR, y + 4, "end", "fill=\"" + MUTED + "\"", "bars: 95% bootstrap CI");
    }

    // ---- lineage waterfall

    private static final int ROW = 30, LABEL_W = 300, PLOT_W = 520, VALUE_W = 90;

    /** One row per lineage step: where the move took the dev score from (its parent) and to. */
    static String waterfall(List<LineageStep> steps) {
        int n = steps.size(), top = 8, h = top + n * ROW + 42, w = LABEL_W + PLOT_W + VALUE_W;
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (LineageStep s : steps) {
            lo = Math.min(lo, Math.min(end(s), start(s)));
            hi = Math.max(hi, Math.max(end(s), start(s)));
        }
        Ticks xt = Ticks.of(lo, hi, 5);
        Scale x = new Scale(xt.lo(), xt.hi(), LABEL_W, LABEL_W + PLOT_W);
        Svg g = new Svg("waterfall", w, h, "Dev gain of each move on the winner's lineage");
        int bottom = top + n * ROW;
        xGrid(g, xt, x, top, bottom, "dev score");
        for (int i = 0; i < n; i++) {
            LineageStep s = steps.get(i);
            double mid = top + i * ROW + ROW / 2.0;
            String move = i == 0 ? "start: " + clip(s.label(), 38) : clip(s.move(), 44);
            g.raw(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s<title>%s</title></text>", LABEL_W - 10, mid + 4,
                    esc(move), esc(s.move() + "\n" + s.label())));
            if (i == 0) {
                g.raw(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"><title>%s</title></circle>", x.at(end(s)), mid, FLAT,
                        esc("baseline dev " + scoreText(s.dev()))));
                g.text(x.at(end(s)) + 10, mid + 4, "start", "fill=\"" + MUTED + "\"", num(end(s)));
                continue;
            }
            double a = x.at(Math.min(start(s), end(s))), b = x.at(Math.max(start(s), end(s)));
            String color = s.devGain() > 0 ? UP : s.devGain() < 0 ? DOWN : FLAT;
            g.line(x.at(start(s)), mid - ROW, x.at(start(s)), mid - 9, AXIS, 1, "stroke-dasharray=\"3 3\"");
            g.raw(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"18\" rx=\"2\" fill=\"%s\"><title>%s</title></rect>", a, mid - 9,
                    Math.max(2, b - a), color, esc(s.move() + ": dev " + num(start(s)) + " → " + num(end(s)) + " (" + signed(s.devGain()) + ")")));
            g.text(Math.max(b, a + 2) + 8, mid + 4, "start", "font-weight=\"600\" fill=\"" + color + "\"", signed(s.devGain()));
        }
        return g.close();
    }

    private static double end(LineageStep s) {
        return s.dev() == null ? 0 : s.dev().mean();
    }

    private static double start(LineageStep s) {
        return end(s) - s.devGain();
    }

    // ---- ablation

    /** One bar per ablation: the winner's advantage over it (−delta) with its paired 95% CI, colored by verdict. */
    static String ablation(List<Ablation> abl) {
        int n = abl.size(), top = 8, h = top + n * ROW + 42, w = LABEL_W + PLOT_W + VALUE_W;
        double lo = 0, hi = 0;
        for (Ablation a : abl) {
            Score adv = ReportHtml.advantage(a);
            lo = Math.min(lo, adv.ciLow());
            hi = Math.max(hi, adv.ciHigh());
        }
        Ticks xt = Ticks.of(lo, hi, 6);
        Scale x = new Scale(xt.lo(), xt.hi(), LABEL_W, LABEL_W + PLOT_W);
        Svg g = new Svg("ablation-chart", w, h, "Winner minus ablated configuration on test, with paired 95% CIs");
        int bottom = top + n * ROW;
        xGrid(g, xt, x, top, bottom, "winner − ablated on test (paired 95% CI); right of 0: the component helps");
        g.line(x.at(0), top, x.at(0), bottom, INK, 1.5);
        for (int i = 0; i < n; i++) {
            Ablation a = abl.get(i);
            Score adv = ReportHtml.advantage(a);
            String verdict = ReportHtml.verdict(adv);
            String color = switch (verdict) {
                case "contributes" -> UP;
                case "hurts" -> DOWN;
                default -> FLAT;
            };
            double mid = top + i * ROW + ROW / 2.0, a0 = x.at(Math.min(0, adv.mean())), a1 = x.at(Math.max(0, adv.mean()));
            g.text(LABEL_W - 10, mid + 4, "end", "", "without " + clip(a.removed(), 30));
            g.raw(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"18\" rx=\"2\" fill=\"%s\" fill-opacity=\"0.8\"><title>%s</title></rect>",
                    a0, mid - 9, Math.max(1, a1 - a0), color, esc("without " + a.removed() + ": winner − ablated " + scoreText(adv) + " · " + verdict)));
            errorBarH(g, x.at(adv.ciLow()), x.at(adv.ciHigh()), mid, INK);
            g.text(Math.max(x.at(adv.ciHigh()), a1) + 8, mid + 4, "start", "font-weight=\"600\" fill=\"" + (color.equals(FLAT) ? MUTED : color) + "\"",
                    signed(adv.mean()));
        }
        return g.close();
    }

    // ---- axes and marks

    private static void yGrid(Svg g, Ticks t, Scale y, double x0, double x1) {
        for (double v : t.values()) {
            g.line(x0, y.at(v), x1, y.at(v), GRID, 1);
            g.text(x0 - 8, y.at(v) + 4, "end", "fill=\"" + MUTED + "\"", t.label(v));
        }
    }

    private static void xGrid(Svg g, Ticks t, Scale x, double top, double bottom, String title) {
        for (double v : t.values()) {
            g.line(x.at(v), top, x.at(v), bottom, GRID, 1);
            g.text(x.at(v), bottom + 16, "middle", "fill=\"" + MUTED + "\"", t.label(v));
        }
        g.line(x.at(t.lo()), bottom, x.at(t.hi()), bottom, AXIS, 1);
        g.text((x.at(t.lo()) + x.at(t.hi())) / 2, bottom + 34, "middle", "font-weight=\"600\"", title);
    }

    /** A vertical CI bar with caps. */
    private static void errorBar(Svg g, double x, double y0, double y1, String color, boolean light) {
        String op = light ? " stroke-opacity=\"0.55\"" : "";
        g.line(x, y0, x, y1, color, 1.6, op);
        g.line(x - 4, y0, x + 4, y0, color, 1.6, op);
        g.line(x - 4, y1, x + 4, y1, color, 1.6, op);
    }

    /** A horizontal CI bar with caps. */
    private static void errorBarH(Svg g, double x0, double x1, double y, String color) {
        g.line(x0, y, x1, y, color, 1.6);
        g.line(x0, y - 6, x0, y + 6, color, 1.6);
        g.line(x1, y - 6, x1, y + 6, color, 1.6);
    }

    private static double lowest(List<Score> all) {
        return all.stream().mapToDouble(s -> Math.min(s.mean(), s.ciLow())).min().orElse(0);
    }

    private static double highest(List<Score> all) {
        return all.stream().mapToDouble(s -> Math.max(s.mean(), s.ciHigh())).max().orElse(1);
    }

    /** A linear map from the data interval [lo, hi] onto the pixel interval [from, to]. */
    record Scale(double lo, double hi, double from, double to) {
        double at(double v) {
            return from + (v - lo) / (hi - lo) * (to - from);
        }
    }

    /** Round-numbered ticks every {@code step} from {@code lo} to {@code hi}. */
    record Ticks(double lo, double hi, double step) {
        static Ticks of(double lo, double hi, int count) {
            if (!(hi - lo > 1e-9)) {
                lo -= 0.05;
                hi += 0.05;
            }
            double step = nice((hi - lo) / count);
            return new Ticks(Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step, step);
        }

        /** 1, 2, 2.5 or 5 times a power of ten, at least {@code raw}. */
        static double nice(double raw) {
            double p = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / p;
            return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * p;
        }

        List<Double> values() {
            List<Double> v = new ArrayList<>();
            long n = Math.round((hi - lo) / step);
            for (long i = 0; i <= n; i++) v.add(lo + i * step);
            return v;
        }

        String label(double v) {
            int d = 0;
            while (d < 4 && Math.abs(step * Math.pow(10, d) - Math.rint(step * Math.pow(10, d))) > 1e-6) d++;
            String s = String.format(Locale.ROOT, "%." + d + "f", v);
            return s.matches("-0(\\.0*)?") ? s.substring(1) : s;
        }
    }

    /** A minimal SVG writer; text arguments are escaped here. */
    private static final class Svg {
        private final StringBuilder b = new StringBuilder(8192);

        Svg(String id, int w, int h, String title) {
            b.append(String.format(Locale.ROOT, "<svg id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
                    + "role=\"img\" aria-label=\"%s\" fill=\"%s\">", id, w, h, w, h, esc(title), INK));
        }

        void line(double x1, double y1, double x2, double y2, String color, double width) {
            line(x1, y1, x2, y2, color, width, "");
        }

        void line(double x1, double y1, double x2, double y2, String color, double width, String extra) {
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%s\"%s/>", x1, y1, x2, y2,
                    color, num(width).replaceAll("\\.?0+$", ""), extra.isEmpty() ? "" : " " + extra.strip()));
        }

        void text(double x, double y, String anchor, String attrs, String text) {
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>%s</text>", x, y, anchor, attrs.isEmpty() ? "" : " " + attrs,
                    esc(text)));
        }

        void raw(String s) {
            b.append(s);
        }

        String close() {
            return b.append("</svg>\n").toString();
        }
    }
}
