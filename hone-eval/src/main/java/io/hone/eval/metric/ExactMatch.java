package io.hone.eval.metric;

import java.util.List;

/** 1 when the normalised output equals a normalised reference. */
public record ExactMatch(Normalization normalization) implements GenerativeMetric {
    @Override
    public String name() {
        return "em";
    }

    @Override
    public Judgement judge(String output, List<String> targets) {
        String o = normalization.apply(output);
        for (String t : targets) if (o.equals(normalization.apply(t))) return new Judgement(o, 1);
        return new Judgement(o, 0);
    }
}
