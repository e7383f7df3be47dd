package io.hone.eval.metric;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SQuAD's token F1: normalise both texts, split on whitespace, count the shared tokens (as multisets);
 * precision = shared/output tokens, recall = shared/reference tokens. If either has no tokens the score is 1 when
 * both are empty, else 0. The best reference counts.
 */
public record TokenF1(Normalization normalization) implements GenerativeMetric {
    @Override
    public String name() {
        return "f1";
    }

    @Override
    public Judgement judge(String output, List<String> targets) {
        String o = normalization.apply(output);
        double best = 0;
        for (String t : targets) best = Math.max(best, f1(o, normalization.apply(t)));
        return new Judgement(o, best);
    }

    static double f1(String prediction, String truth) {
        String[] p = tokens(prediction), g = tokens(truth);
        if (p.length == 0 || g.length == 0) return p.length == g.length ? 1 : 0;
        Map<String, Integer> counts = new HashMap<>();
        for (String t : g) counts.merge(t, 1, Integer::sum);
        int common = 0;
        for (String t : p) {
            Integer c = counts.get(t);
            if (c != null && c > 0) {
                common++;
                counts.put(t, c - 1);
            }
        }
        if (common == 0) return 0;
        double precision = (double) common / p.length, recall = (double) common / g.length;
        return 2 * precision * recall / (precision + recall);
    }

    private static String[] tokens(String s) {
        String t = s.strip();
        return t.isEmpty() ? new String[0] : t.split("\\s+");
    }
}
