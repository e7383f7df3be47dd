package io.hone.cli;

import io.hone.core.HoneException;
import io.hone.eval.Bootstrap;
import io.hone.eval.EvalReport;
import io.hone.eval.ExampleResult;
import io.hone.eval.Score;
import io.hone.train.data.JsonlReader;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code hone eval --paired-with FILE}: this run's per-example scores against an earlier run's {@code --out} file on the
 * same examples (matched by id), as a paired bootstrap of the mean difference (this run − that one).
 */
final class PairedScores {
    private PairedScores() {}

    static Score difference(Path earlier, EvalReport now, String metric, long seed) {
        Map<String, Double> before = read(earlier);
        List<ExampleResult> rows = now.examples();
        double[] a = new double[rows.size()], b = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Double s = before.get(rows.get(i).id());
            if (s == null) throw new HoneException(earlier + ": has no result for example id '" + rows.get(i).id() + "' (pair runs of the same task and split)");
            a[i] = s;
            b[i] = rows.get(i).score();
        }
        if (before.size() != rows.size()) {
            throw new HoneException(earlier + ": holds " + before.size() + " examples, this run " + rows.size() + " (pair runs of the same task and split)");
        }
        return Bootstrap.difference(metric + " difference vs " + earlier.getFileName(), a, b, seed);
    }

    private record Row(String id, double score, String where) {}

    /** id → score of an earlier run's {@code --out} file, read as every JSONL file in hone ({@code file:line} errors). */
    private static Map<String, Double> read(Path file) {
        List<Row> rows = JsonlReader.read(file, (n, where) -> {
            if (!n.path("id").isTextual() || !n.path("score").isNumber()) {
                throw new HoneException(where + ": expected \"id\" (string) and \"score\" (number), as hone eval --out writes");
            }
            return new Row(n.get("id").asText(), n.get("score").asDouble(), where);
        });
        var out = new HashMap<String, Double>();
        for (Row r : rows) {
            if (out.put(r.id(), r.score()) != null) throw new HoneException(r.where() + ": example id '" + r.id() + "' appears twice");
        }
        return out;
    }
}
