package io.hone.improve.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hone.core.HoneException;
import io.hone.core.io.AtomicFile;
import io.hone.core.io.JsonFile;
import io.hone.core.io.TempNames;
import io.hone.eval.Score;
import io.hone.eval.prompt.Demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The run folder's record of the search: {@code run.json} (what the run is: task hash, model, seed, settings),
 * one {@code candidates/<id>.json} per scored candidate, written atomically before the next candidate starts, and
 * {@code rounds.jsonl} rebuilt from them. A resumed run replays the search and takes each candidate's result from
 * here instead of scoring it again, so it makes the same decisions (kill -9 safe: a candidate is either recorded
 * whole or not at all).
 */
public final class RunStore {
    private final Path dir;
    private final List<ObjectNode> rows = new ArrayList<>();

    public RunStore(Path dir) {
        this.dir = dir;
    }

    /**
     * Claims {@code dir} for a run described by {@code identity}: a new or empty folder, or (with {@code resume}) the
     * folder of the same run. Anything else is refused with one line naming the folder. Resuming first removes what
     * writes killed with the earlier run left anywhere in the folder ({@link TempNames}); returns how many.
     */
    public int open(Map<String, Object> identity, boolean resume) {
        Path runFile = dir.resolve("run.json");
        boolean empty = !Files.exists(dir) || isEmptyDir(dir);
        if (!empty && !resume) {
            throw new HoneException(dir + ": holds " + (Files.exists(runFile) ? "another improve run" : "other files")
                    + "; give an empty --out, or --resume " + dir + " to continue the run there");
        }
        if (resume && !empty) {
            if (!Files.isRegularFile(runFile)) throw new HoneException(dir + ": --resume needs a folder an improve run wrote (no run.json)");
            JsonNode old = JsonFile.read(runFile);
            JsonNode now = JsonFile.MAPPER.valueToTree(identity);
            for (Iterator<String> it = now.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!now.get(f).toString().equals(String.valueOf(old.get(f)))) {
                    throw new HoneException(runFile + ": field '" + f + "' is " + old.get(f) + " but this run has " + now.get(f)
                            + "; --resume continues the same run only");
                }
            }
        }
        int swept = resume ? TempNames.sweepTree(dir) : 0;
        try {
            Files.createDirectories(dir.resolve("candidates"));
        } catch (IOException e) {
            throw new HoneException(dir + ": cannot create: " + e.getMessage(), e);
        }
        AtomicFile.writeString(runFile, JsonFile.MAPPER.valueToTree(identity).toPrettyString() + "\n");
        return swept;
    }

    private static boolean isEmptyDir(Path p) {
        if (!Files.isDirectory(p)) return false;
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new HoneException(p + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * The recorded result of candidate {@code c}, when an earlier run scored this same configuration under this id (it
     * keeps its place in rounds.jsonl).
     */
    public Scored recorded(Candidate c) {
        Path f = dir.resolve("candidates").resolve(c.id() + ".json");
        if (!Files.isRegularFile(f)) return null;
        JsonNode n = JsonFile.read(f);
        if (!n.path("key").asText().equals(c.config().key())) return null;
        Map<String, Double> scores = new LinkedHashMap<>(), credit = new LinkedHashMap<>();
        n.get("dev_scores").fields().forEachRemaining(e -> scores.put(e.getKey(), e.getValue().asDouble()));
        n.get("dev_credit").fields().forEachRemaining(e -> credit.put(e.getKey(), e.getValue().asDouble()));
        JsonNode d = n.get("dev");
        Score dev = new Score(d.get("metric").asText(), d.get("mean").asDouble(), d.get("ci_low").asDouble(), d.get("ci_high").asDouble(), d.get("n").asInt());
        Spend spend = new Spend(n.get("calls").asLong(), n.get("steps").asLong(), n.get("seconds").asDouble());
        Scored s = new Scored(c, scores, credit, dev, n.get("full").asBoolean(), spend);
        rows.add(row(s)); // rounds.jsonl is rewritten whole with the next new candidate
        return s;
    }

    /**
     * The cost of attempt {@code n}, a move that proposed nothing new: recorded the first time, read back on resume,
     * so the budget a resumed run sees is the one the interrupted run saw.
     */
    public Spend attempt(int n, Spend now) {
        Path f = dir.resolve("candidates").resolve("attempt-" + n + ".json");
        if (Files.isRegularFile(f)) {
            JsonNode a = JsonFile.read(f);
            return new Spend(a.get("calls").asLong(), a.get("steps").asLong(), a.get("seconds").asDouble());
        }
        ObjectNode a = JsonFile.MAPPER.createObjectNode().put("calls", now.calls()).put("steps", now.steps()).put("seconds", now.seconds());
        AtomicFile.writeString(f, a.toString() + "\n");
        return now;
    }

    /** Writes the candidate's record, then rounds.jsonl with it appended (both atomically). */
    public void record(Scored s) {
        ObjectNode row = row(s);
        ObjectNode full = row.deepCopy();
        full.put("key", s.config().key());
        full.set("config", config(s.config()));
        ObjectNode ds = full.putObject("dev_scores");
        s.devScores().forEach(ds::put);
        ObjectNode dc = full.putObject("dev_credit");
        s.devCredit().forEach(dc::put);
        AtomicFile.writeString(dir.resolve("candidates").resolve(s.id() + ".json"), full.toPrettyString() + "\n");
        rows.add(row);
        StringBuilder b = new StringBuilder();
        for (ObjectNode r : rows) b.append(r.toString()).append('\n');
        AtomicFile.writeString(dir.resolve("rounds.jsonl"), b.toString());
    }

    static ObjectNode row(Scored s) {
        Candidate c = s.candidate();
        ObjectNode o = JsonFile.MAPPER.createObjectNode();
        o.put("round", c.round()).put("id", c.id());
        if (c.parent() == null) o.putNull("parent");
        else o.put("parent", c.parent());
        o.put("move", c.move()).put("lever", c.lever()).put("how", c.how()).put("label", c.config().label());
        ObjectNode d = o.putObject("dev");
        d.put("metric", s.dev().metric()).put("mean", s.dev().mean()).put("ci_low", s.dev().ciLow()).put("ci_high", s.dev().ciHigh()).put("n", s.dev().n());
        o.put("dev_f1", s.creditMean());
        o.put("full", s.full()).put("calls", s.spend().calls()).put("steps", s.spend().steps()).put("seconds", s.spend().seconds());
        return o;
    }

    static ObjectNode config(Configuration c) {
        ObjectNode o = JsonFile.MAPPER.createObjectNode();
        o.put("instruction", c.instruction());
        ArrayNode demos = o.putArray("demos");
        for (Demo d : c.demos()) demos.addObject().put("input", d.input()).put("output", d.output());
        Retrieval r = c.retrieval();
        o.putObject("retrieval").put("retriever", r.retriever()).put("k", r.k()).put("chunk_tokens", r.chunkTokens());
        Weights w = c.weights();
        ObjectNode wn = o.putObject("weights").put("method", w.method()).put("stage", w.stage()).put("data", w.data()).put("rank", w.rank()).put("lr", w.lr())
                .put("steps", w.steps()).put("key", w.key());
        if (w.adapter() != null) wn.put("adapter", w.adapter().toString());
        return o;
    }
}
