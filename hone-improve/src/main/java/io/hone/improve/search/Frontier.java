package io.hone.improve.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The candidates scored on the whole dev split, and the per-example Pareto frontier over them (GEPA): a candidate
 * stays a parent while it is best on some dev example and not dominated, so a configuration that wins different
 * examples than the leader survives. Per example, candidates compare by the task metric, ties broken by partial
 * credit (token F1), so a lever that gets the facts right but not yet the format (exact match 0 everywhere) still
 * shows where it helps. Parents: the leader, then the frontier members that are best on the most examples.
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

    /** Highest dev mean (partial credit breaks ties); then fewer levers, then the earlier candidate (the simpler explanation). */
    public Scored leader() {
        Scored best = null;
        for (Scored s : all) {
            if (best == null) {
                best = s;
                continue;
            }
            int c = Scored.compare(s.dev().mean(), s.creditMean(), best.dev().mean(), best.creditMean());
            if (c > 0 || (c == 0 && s.config().levers() < best.config().levers())) best = s;
        }
        return best;
    }

    private int onExample(Scored a, Scored b, String id) {
        return Scored.compare(a.devScores().getOrDefault(id, 0.0), a.devCredit().getOrDefault(id, 0.0),
                b.devScores().getOrDefault(id, 0.0), b.devCredit().getOrDefault(id, 0.0));
    }

    /** Examples on which {@code s} is at least as good as every candidate, and better than nothing. */
    private int wins(Scored s) {
        int w = 0;
        for (String id : devIds) {
            boolean top = s.devScores().getOrDefault(id, 0.0) > 0 || s.devCredit().getOrDefault(id, 0.0) > 0;
            for (Scored o : all) {
                if (!top) break;
                if (onExample(o, s, id) > 0) top = false;
            }
            if (top) w++;
        }
        return w;
    }

    private boolean dominates(Scored a, Scored b) {
        boolean strictly = false;
        for (String id : devIds) {
            int c = onExample(a, b, id);
            if (c < 0) return false;
            if (c > 0) strictly = true;
        }
        return strictly;
    }

    /** The non-dominated candidates that are best on at least one dev example. */
    public List<Scored> pareto() {
        List<Scored> winners = new ArrayList<>();
        for (Scored s : all) if (wins(s) > 0) winners.add(s);
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
        pareto().stream().filter(s -> s != leader)
                .sorted(Comparator.comparingInt((Scored s) -> -wins(s)).thenComparingDouble(s -> -s.dev().mean()).thenComparingDouble(s -> -s.creditMean()))
                .limit(Math.max(0, n - 1)).forEach(out::add);
        return out;
    }
}
