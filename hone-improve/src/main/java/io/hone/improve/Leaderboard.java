package io.hone.improve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hone.core.HoneException;
import io.hone.eval.Score;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The leaderboard of an {@link Improve} run: a table, JSON, and a self-contained HTML report with an SVG bar chart. */
public final class Leaderboard {
    private Leaderboard() {}

    static List<Improve.Entry> ranked(Improve.Result r) {
        List<Improve.Entry> l = new ArrayList<>(r.entries());
        l.sort(Comparator.comparingDouble((Improve.Entry e) -> -e.score().mean()));
        return l;
    }

    public static void print(Improve.Result r, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "%-20s %-8s %-17s %-26s %s%n", "configuration", r.entries().getFirst().score().metric(), "95% CI", "vs baseline (paired CI)", "notes");
        for (Improve.Entry e : ranked(r)) {
            Score s = e.score();
            String d = e.delta() == null ? "" : String.format(Locale.ROOT, "%+.3f [%+.3f, %+.3f]", e.delta().mean(), e.delta().ciLow(), e.delta().ciHigh());
            out.printf(Locale.ROOT, "%-20s %-8.3f %-17s %-26s %s%n", e.name(), s.mean(),
                    String.format(Locale.ROOT, "[%.3f, %.3f]", s.ciLow(), s.ciHigh()), d, e.note());
        }
        out.printf(Locale.ROOT, "(n = %d held-out test examples; %.0f s in all)%n", r.entries().getFirst().score().n(), r.seconds());
    }

    public static void writeJson(Improve.Result r, Improve.Settings s, Path file) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("task", s.task().toString());
        root.put("model", s.model().toString());
        if (s.docs() != null) root.put("docs", s.docs().toString());
        root.put("budget", s.small() ? "small" : "full");
        root.put("seed", s.seed());
        root.put("seconds", r.seconds());
        List<Map<String, Object>> es = new ArrayList<>();
        for (Improve.Entry e : ranked(r)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", e.name());
            m.put("metric", e.score().metric());
            m.put("score", e.score().mean());
            m.put("ci_low", e.score().ciLow());
            m.put("ci_high", e.score().ciHigh());
            m.put("n", e.score().n());
            if (e.delta() != null) {
                m.put("delta", e.delta().mean());
                m.put("delta_ci_low", e.delta().ciLow());
                m.put("delta_ci_high", e.delta().ciHigh());
            }
            m.put("rag", e.rag());
            m.put("adapter", e.adapter() != null);
            if (e.quant() != null) m.put("quant", io.hone.eval.lm.LocalModel.describe(e.quant()));
            m.put("note", e.note());
            m.put("eval_seconds", e.seconds());
            m.put("command", e.command());
            es.add(m);
        }
        root.put("entries", es);
        root.put("best", Map.of("name", r.best().name(), "command", r.command()));
        try {
            Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HoneException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    public static void writeHtml(Improve.Result r, Improve.Settings s, Path file) {
        List<Improve.Entry> l = ranked(r);
        int rowH = 34, left = 170, width = 520, top = 20;
        int h = top + rowH * l.size() + 40;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"13\">",
                left + width + 80, h));
        for (int t = 0; t <= 10; t += 2) {
            double x = left + width * t / 10.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>", x, top, x, h - 30));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%.1f</text>", x, h - 12, t / 10.0));
        }
        for (int i = 0; i < l.size(); i++) {
            Improve.Entry e = l.get(i);
            Score sc = e.score();
            int y = top + i * rowH;
            String color = e.name().equals("baseline") ? "#999" : e == r.best() ? "#2a7" : "#48c";
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", left - 8, y + 21, esc(e.name())));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"22\" fill=\"%s\"><title>%s %.3f [%.3f, %.3f]</title></rect>",
                    left, y + 6, width * sc.mean(), color, esc(e.name()), sc.mean(), sc.ciLow(), sc.ciHigh()));
            double x1 = left + width * sc.ciLow(), x2 = left + width * sc.ciHigh();
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\" stroke-width=\"1.5\"/>", x1, y + 17, x2, y + 17));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\"/>", x1, y + 11, x1, y + 23));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\"/>", x2, y + 11, x2, y + 23));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.3f</text>", Math.max(x2, left + width * sc.mean()) + 6, y + 21, sc.mean()));
        }
        svg.append("</svg>");
        StringBuilder rows = new StringBuilder();
        for (Improve.Entry e : l) {
            Score sc = e.score();
            String d = e.delta() == null ? "" : String.format(Locale.ROOT, "%+.3f [%+.3f, %+.3f]", e.delta().mean(), e.delta().ciLow(), e.delta().ciHigh());
            rows.append(String.format(Locale.ROOT, "<tr%s><td>%s</td><td>%.3f</td><td>[%.3f, %.3f]</td><td>%s</td><td>%s</td></tr>%n",
                    e == r.best() ? " class=\"best\"" : "", esc(e.name()), sc.mean(), sc.ciLow(), sc.ciHigh(), d, esc(e.note())));
        }
        String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>hone improve</title><style>"
                + "body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}"
                + "tr.best{background:#e6f7ee}code{background:#f4f4f4;padding:2px 4px}</style></head><body>"
                + "<h1>hone improve</h1><p>task <code>" + esc(s.task().toString()) + "</code>, model <code>" + esc(s.model().toString()) + "</code>"
                + (s.docs() != null ? ", docs <code>" + esc(s.docs().toString()) + "</code>" : "") + ", seed " + s.seed() + ", budget "
                + (s.small() ? "small" : "full") + String.format(Locale.ROOT, "; %d held-out test examples; %.0f s in all.", l.getFirst().score().n(), r.seconds())
                + "</p><p>" + esc(r.entries().getFirst().score().metric()) + " on the held-out test split; error bars: 95% bootstrap CI.</p>" + svg
                + "<table><tr><th>configuration</th><th>score</th><th>95% CI</th><th>vs baseline (paired 95% CI)</th><th>notes</th></tr>" + rows + "</table>"
                + "<p>Best: <b>" + esc(r.best().name()) + "</b>. Reproduce:</p><pre>" + esc(r.command()) + "</pre></body></html>\n";
        try {
            Files.writeString(file, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HoneException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
