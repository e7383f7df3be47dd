package io.hone.train.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hone.core.HoneException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics.jsonl}: one JSON object per optimizer step ({@code step, epoch, loss, lr, grad_norm, tokens,
 * tokens_per_s, elapsed_s}) and per evaluation ({@code step, epoch, eval_loss, eval_perplexity, eval_tokens}); each line
 * is flushed as written. Non-finite numbers are written as null. On resume the rows after the checkpoint's step (written
 * before the interruption) are dropped, so the file reads as if the run had never stopped.
 */
public final class MetricsLog implements AutoCloseable {
    public static final String FILE = "metrics.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Point(long step, double value) {}

    private final BufferedWriter out;
    /** Every number logged so far, by key (null, a non-finite value, as NaN): losses, eval values, objective metrics. */
    private final Map<String, List<Point>> series = new java.util.HashMap<>();
    private double elapsedBefore;

    private MetricsLog(BufferedWriter out) {
        this.out = out;
    }

    /** Opens the run's log keeping the rows with step ≤ {@code keepUpTo} (−1: start empty). */
    public static MetricsLog open(Path runDir, long keepUpTo) {
        Path file = runDir.resolve(FILE);
        try {
            var kept = new ArrayList<String>();
            if (keepUpTo >= 0 && Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) continue;
                    JsonNode n;
                    try {
                        n = JSON.readTree(line);
                    } catch (IOException e) {
                        break; // a line cut short by a kill: everything after it is gone anyway
                    }
                    if (n.path("step").asLong(Long.MAX_VALUE) <= keepUpTo) kept.add(line);
                }
            }
            Files.write(file, kept, StandardCharsets.UTF_8);
            var log = new MetricsLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
            for (String line : kept) {
                JsonNode n = JSON.readTree(line);
                long step = n.get("step").asLong();
                if (n.has("elapsed_s")) log.elapsedBefore = n.get("elapsed_s").asDouble();
                n.fields().forEachRemaining(e -> {
                    if (e.getValue().isNumber() || e.getValue().isNull()) log.point(e.getKey(), step, e.getValue().asDouble(Double.NaN));
                });
            }
            return log;
        } catch (IOException e) {
            throw new HoneException(file + ": cannot write (" + e.getMessage() + ")");
        }
    }

    /** Seconds of training logged before this session (resume). */
    public double elapsedBefore() {
        return elapsedBefore;
    }

    public void train(long step, double epoch, double loss, double lr, double gradNorm, long tokens, double tokensPerS, double elapsedS) {
        train(step, epoch, loss, lr, gradNorm, tokens, tokensPerS, elapsedS, Map.of());
    }

    /** A step's row with the objective's own values (e.g. {@code rewards/accuracies}) after the common ones. */
    public void train(long step, double epoch, double loss, double lr, double gradNorm, long tokens, double tokensPerS, double elapsedS,
                      Map<String, Double> extra) {
        ObjectNode n = JSON.createObjectNode();
        n.put("step", step);
        put(n, "epoch", epoch);
        put(n, "loss", loss);
        put(n, "lr", lr);
        put(n, "grad_norm", gradNorm);
        n.put("tokens", tokens);
        put(n, "tokens_per_s", tokensPerS);
        put(n, "elapsed_s", elapsedS);
        extra.forEach((k, v) -> {
            put(n, k, v);
            point(k, step, v);
        });
        write(n);
        point("loss", step, loss);
    }

    /** An evaluation's row: {@code eval_loss}, each extra value as {@code eval_<name>}, {@code eval_tokens}. */
    public void eval(long step, double epoch, double loss, long tokens, Map<String, Double> extra) {
        ObjectNode n = JSON.createObjectNode();
        n.put("step", step);
        put(n, "epoch", epoch);
        put(n, "eval_loss", loss);
        extra.forEach((k, v) -> {
            put(n, "eval_" + k, v);
            point("eval_" + k, step, v);
        });
        n.put("eval_tokens", tokens);
        write(n);
        point("eval_loss", step, loss);
    }

    /** Every value logged under {@code key} (an objective's name, or {@code eval_<name>}), in step order. */
    public List<Point> series(String key) {
        return series.getOrDefault(key, List.of());
    }

    private void point(String key, long step, double v) {
        series.computeIfAbsent(key, k -> new ArrayList<>()).add(new Point(step, v));
    }

    public List<Point> trainLosses() {
        return series("loss");
    }

    public List<Point> evalLosses() {
        return series("eval_loss");
    }

    private void write(ObjectNode n) {
        try {
            out.write(JSON.writeValueAsString(n));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new HoneException(FILE + ": cannot write (" + e.getMessage() + ")");
        }
    }

    private static void put(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) n.put(key, v);
        else n.putNull(key);
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new HoneException(FILE + ": cannot close (" + e.getMessage() + ")");
        }
    }
}
