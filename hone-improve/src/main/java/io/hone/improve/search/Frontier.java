package io.hone.improve.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The candidates scored on the whole dev split, and the per-example Pareto frontier over them (GEPA): a candidate
 * stays a parent while it is best on some dev example no other candidate beats it on and is not dominated, so a
 * configuration that wins different examples than the leader survives. Parents: the leader by mean, then the
 * frontier members that are best on the most examples.
 */
public final class Frontier {
    private final List<String> devIds;
    private final List<Scored> all = new ArrayList<>();

    public Frontier(List<String> devIds) {
        this.devIds = List.copyOf(devIds);
    }

    public void add(Scored s) {
        if (!s.full()) throw new IllegalArgumentException(s.id() + " was not scored on the whole dev split");
        all.add(s);
    }

    public List<Scored> all() {
        return List.copyOf(all);
    }

    /** Highest dev mean; ties go to fewer levers, then to the earlier candidate (the simpler explanation). */
    public Scored leader() {
        Scored best = null;
        for (Scored s : all) {
            if (best == null || s.dev().mean() > best.dev().mean() + 1e-12
                    || (Math.abs(s.dev().mean() - best.dev().mean()) <= 1e-12 && s.config().levers() < best.config().levers())) {
                best = s;
            }
        }
        return best;
    }

    /** The non-dominated candidates that are best on at least one dev example (with a positive score). */
    public List<Scored> pareto() {
        Map<String, Double> max = new HashMap<>();
        for (String id : devIds) {
            double m = 0;
            for (Scored s : all) m = Math.max(m, s.devScores().getOrDefault(id, 0.0));
            max.put(id, m);
        }
        List<Scored> winners = new ArrayList<>();
        for (Scored s : all) if (wins(s, max) > 0) winners.add(s);
        List<Scored> front = new ArrayList<>();
        for (Scored s : winners) if (winners.stream().noneMatch(o -> o != s && dominates(o, s))) front.add(s);
        return front;
    }

    /** Up to {@code n} parents: the leader first, then Pareto members by examples won, then by mean. */
    public List<Scored> parents(int n) {
        Scored leader = leader();
        List<Scored> out = new ArrayList<>();
        if (leader == null) return out;
        out.add(leader);
        Map<String, Double> max = new HashMap<>();
        for (String id : devIds) max.put(id, all.stream().mapToDouble(s -> s.devScores().getOrDefault(id, 0.0)).max().orElse(0));
        pareto().stream().filter(s -> s != leader)
                .sorted(Comparator.comparingInt((Scored s) -> -wins(s, max)).thenComparingDouble(s -> -s.dev().mean()))
                .limit(Math.max(0, n - 1)).forEach(out::add);
        return out;
    }

    private int wins(Scored s, Map<String, Double> max) {
        int w = 0;
        for (String id : devIds) {
            double m = max.get(id);
            if (m > 0 && s.devScores().getOrDefault(id, 0.0) >= m) w++;
        }
        return w;
    }

    private boolean dominates(Scored a, Scored b) {
        boolean strictly = false;
        for (String id : devIds) {
            double x = a.devScores().getOrDefault(id, 0.0), y = b.devScores().getOrDefault(id, 0.0);
            if (x < y) return false;
            if (x > y) strictly = true;
        }
        return strictly;
    }
}
