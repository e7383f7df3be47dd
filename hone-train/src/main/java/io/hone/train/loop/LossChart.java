package io.hone.train.loop;

import io.hone.core.io.AtomicFile;
import io.hone.train.loop.MetricsLog.Point;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Train and eval loss against step: {@code loss.html} (self-contained, inline SVG) and {@code loss.png}, drawn from the
 * same layout; the same chart of another quantity (an objective's reward) as {@code <file>.html/png}. Written atomically
 * so a browser refreshing during training never sees half a file.
 */
public final class LossChart {
    private static final int W = 760, H = 420, LEFT = 70, RIGHT = 20, TOP = 40, BOTTOM = 55;
    private static final String TRAIN_COLOR = "#1f77b4", EVAL_COLOR = "#ff7f0e";

    private final List<Point> train, eval;
    private final long maxStep;
    private final double lo, hi;
    private final String quantity;

    private LossChart(String quantity, List<Point> train, List<Point> eval) {
        this.quantity = quantity;
        this.train = train.stream().filter(p -> Double.isFinite(p.value())).toList();
        this.eval = eval.stream().filter(p -> Double.isFinite(p.value())).toList();
        long ms = 1;
        double l = Double.POSITIVE_INFINITY, h = Double.NEGATIVE_INFINITY;
        for (List<Point> s : List.of(this.train, this.eval)) {
            for (Point p : s) {
                ms = Math.max(ms, p.step());
                l = Math.min(l, p.value());
                h = Math.max(h, p.value());
            }
        }
        if (!(l <= h)) {
            l = 0;
            h = 1;
        }
        if (h - l < 1e-9) {
            l -= 0.5;
            h += 0.5;
        }
        double pad = (h - l) * 0.05;
        this.maxStep = ms;
        this.lo = quantity.equals("loss") ? Math.max(0, l - pad) : l - pad;
        this.hi = h + pad;
    }

    public static void write(Path runDir, List<Point> train, List<Point> eval, String title) {
        write(runDir, "loss", "loss", train, eval, title);
    }

    /** {@code <file>.html} and {@code <file>.png} of {@code quantity} (the axis and legend label) against step. */
    public static void write(Path runDir, String file, String quantity, List<Point> train, List<Point> eval, String title) {
        var c = new LossChart(quantity, train, eval);
        AtomicFile.writeString(runDir.resolve(file + ".html"), c.html(title));
        try {
            AtomicFile.write(runDir.resolve(file + ".png"), ch -> ImageIO.write(c.png(title), "png", Channels.newOutputStream(ch)));
        } catch (RuntimeException | LinkageError | InternalError e) {
            // the PNG needs AWT fonts, which minimal systems may lack; loss.html carries the same chart
        }
    }

    private double x(long step) {
        return LEFT + (double) step / maxStep * (W - LEFT - RIGHT);
    }

    private double y(double v) {
        return TOP + (hi - v) / (hi - lo) * (H - TOP - BOTTOM);
    }

    String svg(String title) {
        var s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", W, H));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\">%s</text>%n", LEFT, escape(title)));
        for (int i = 0; i <= 5; i++) {
            double v = lo + (hi - lo) * i / 5;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, W - RIGHT, y(v), y(v)));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y(v) + 4, num(v)));
            long step = Math.round((double) maxStep * i / 5);
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n", x(step), H - BOTTOM + 18, step));
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, W - RIGHT, H - BOTTOM, H - BOTTOM));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, LEFT, TOP, H - BOTTOM));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">step</text>%n", (LEFT + W - RIGHT) / 2, H - 12));
        s.append(String.format(Locale.ROOT, "<text transform=\"translate(18,%d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n", (TOP + H - BOTTOM) / 2, escape(quantity)));
        s.append(polyline(train, TRAIN_COLOR));
        s.append(polyline(eval, EVAL_COLOR));
        for (Point p : eval) s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", x(p.step()), y(p.value()), EVAL_COLOR));
        int lx = W - RIGHT - Math.max(130, 70 + 7 * quantity.length()); // ~7 px per character at 12 px
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/><text x=\"%d\" y=\"%d\">train %s</text>%n", lx, lx + 20, TOP + 6, TOP + 6, TRAIN_COLOR, lx + 26, TOP + 10, escape(quantity)));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/><text x=\"%d\" y=\"%d\">eval %s</text>%n", lx, lx + 20, TOP + 24, TOP + 24, EVAL_COLOR, lx + 26, TOP + 28, escape(quantity)));
        return s.append("</svg>\n").toString();
    }

    String html(String title) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title></head>\n<body>\n" + svg(title) + "</body></html>\n";
    }

    BufferedImage png(String title) {
        var img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 5; i++) {
            double v = lo + (hi - lo) * i / 5;
            g.setColor(new Color(0xdddddd));
            g.drawLine(LEFT, (int) y(v), W - RIGHT, (int) y(v));
            g.setColor(Color.BLACK);
            String label = num(v);
            g.drawString(label, LEFT - 6 - g.getFontMetrics().stringWidth(label), (int) y(v) + 4);
            String st = Long.toString(Math.round((double) maxStep * i / 5));
            g.drawString(st, (int) x(Math.round((double) maxStep * i / 5)) - g.getFontMetrics().stringWidth(st) / 2, H - BOTTOM + 18);
        }
        g.drawLine(LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM);
        g.drawLine(LEFT, TOP, LEFT, H - BOTTOM);
        g.drawString("step", (LEFT + W - RIGHT) / 2 - 12, H - 12);
        var at = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(quantity, -(TOP + H - BOTTOM) / 2 - g.getFontMetrics().stringWidth(quantity) / 2, 22);
        g.setTransform(at);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        g.drawString(title, LEFT, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setStroke(new BasicStroke(1.5f));
        draw(g, train, Color.decode(TRAIN_COLOR));
        draw(g, eval, Color.decode(EVAL_COLOR));
        for (Point p : eval) g.fillOval((int) x(p.step()) - 3, (int) y(p.value()) - 3, 6, 6);
        int lx = W - RIGHT - Math.max(130, 70 + g.getFontMetrics().stringWidth(quantity));
        g.setColor(Color.decode(TRAIN_COLOR));
        g.drawLine(lx, TOP + 6, lx + 20, TOP + 6);
        g.setColor(Color.decode(EVAL_COLOR));
        g.drawLine(lx, TOP + 24, lx + 20, TOP + 24);
        g.setColor(Color.BLACK);
        g.drawString("train " + quantity, lx + 26, TOP + 10);
        g.drawString("eval " + quantity, lx + 26, TOP + 28);
        g.dispose();
        return img;
    }

    private String polyline(List<Point> pts, String color) {
        if (pts.isEmpty()) return "";
        var s = new StringBuilder("<polyline fill=\"none\" stroke=\"" + color + "\" stroke-width=\"1.5\" points=\"");
        for (Point p : pts) s.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(p.step()), y(p.value())));
        return s.append("\"/>\n").toString();
    }

    private void draw(Graphics2D g, List<Point> pts, Color color) {
        if (pts.isEmpty()) return;
        g.setColor(color);
        var path = new Path2D.Double();
        path.moveTo(x(pts.getFirst().step()), y(pts.getFirst().value()));
        for (Point p : pts) path.lineTo(x(p.step()), y(p.value()));
        g.draw(path);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.3f", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
