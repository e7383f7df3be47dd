package io.hone.eval.metric;

import java.util.List;

/** 1 when a normalised reference occurs in the normalised output. */
public record Contains(Normalization normalization) implements GenerativeMetric {
    @Override
    public String name() {
        return "contains";
    }

    @Override
    public Judgement judge(String output, List<String> targets) {
        String o = normalization.apply(output);
        for (String t : targets) {
            String n = normalization.apply(t);
            if (!n.isEmpty() && o.contains(n)) return new Judgement(n, 1);
        }
        return new Judgement(o, 0);
    }
}
