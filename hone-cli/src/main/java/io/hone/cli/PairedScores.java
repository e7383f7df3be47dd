package io.hone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hone.core.HoneException;
import io.hone.eval.Bootstrap;
import io.hone.eval.EvalReport;
import io.hone.eval.ExampleResult;
import io.hone.eval.Score;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code hone eval --paired-with FILE}: this run's per-example scores against an earlier run's {@code --out} file on the
 * same examples (matched by id), as a paired bootstrap of the mean difference (this run − that one).
 */
final class PairedScores {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    private static Map<String, Double> read(Path file) {
        var out = new HashMap<String, Double>();
        try {
            int no = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                no++;
                if (line.isBlank()) continue;
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (IOException e) {
                    throw new HoneException(file + ":" + no + ": not valid JSON (expected a line of hone eval --out)");
                }
                if (!n.path("id").isTextual() || !n.path("score").isNumber()) {
                    throw new HoneException(file + ":" + no + ": expected \"id\" (string) and \"score\" (number), as hone eval --out writes");
                }
                if (out.put(n.get("id").asText(), n.get("score").asDouble()) != null) {
                    throw new HoneException(file + ":" + no + ": example id '" + n.get("id").asText() + "' appears twice");
                }
            }
        } catch (IOException e) {
            throw new HoneException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return out;
    }
}
