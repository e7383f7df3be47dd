package io.hone.eval.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hone.core.HoneException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * An evaluation task: a JSONL file of {@code {"input", "target"}} items, optionally with {@code "choices"} (a list
 * of strings; the target is then the right choice's index or text) and {@code "id"}. Other fields names can be
 * mapped onto input/target (e.g. GSM8K's {@code question}/{@code answer}). {@code "doc"} names the document(s) the
 * answer comes from, for RAG metrics (a string, or a list of strings kept as lines; see {@link Example#docs()}).
 */
public record Task(String name, List<Example> examples) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Task {
        examples = List.copyOf(examples);
    }

    public static Task load(Path file) {
        return load(file, "input", "target");
    }

    /** A task whose every item has a target (what every metric but perplexity compares the output with). */
    public static Task load(Path file, String inputField, String targetField) {
        return load(file, inputField, targetField, true);
    }

    /**
     * Loads a JSONL task; errors read {@code file:line: problem}. Blank lines are skipped. A {@code .csv} file or a
     * folder is read as MMLU ({@link MmluTask}). {@code targetRequired} false lets items go without a target
     * (perplexity scores the input alone); otherwise a missing or null target is an error, never a silent 0.
     */
    public static Task load(Path file, String inputField, String targetField, boolean targetRequired) {
        if (Files.isDirectory(file) || Files.isRegularFile(file) && file.toString().endsWith(".csv")) return MmluTask.load(file);
        if (!Files.isRegularFile(file)) throw new HoneException(file + ": task file not found");
        List<Example> out = new ArrayList<>();
        var ids = new HashSet<String>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) continue;
                String where = file + ":" + no + ": ";
                Example ex = parse(line, where, inputField, targetField, out.size(), targetRequired);
                if (!ids.add(ex.id())) throw new HoneException(where + "duplicate id '" + ex.id() + "'");
                out.add(ex);
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new HoneException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new HoneException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (out.isEmpty()) throw new HoneException(file + ": no examples (expected JSONL lines with \"" + inputField + "\" and \"" + targetField + "\")");
        String name = file.getFileName().toString().replaceFirst("\\.jsonl?$", "");
        return new Task(name, out);
    }

    static Example parse(String line, String where, String inputField, String targetField, int index, boolean targetRequired) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new HoneException(where + "invalid JSON: " + e.getOriginalMessage());
        }
        if (!n.isObject()) throw new HoneException(where + "expected a JSON object");
        JsonNode in = n.get(inputField);
        if (in == null) throw new HoneException(where + "missing \"" + inputField + "\"");
        if (!in.isTextual()) throw new HoneException(where + "\"" + inputField + "\" must be a string");
        String id = n.has("id") ? n.get("id").asText() : String.valueOf(index);
        Map<String, String> fields = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> {
            if (!e.getKey().equals(targetField) && (e.getValue().isTextual() || e.getValue().isNumber())) fields.put(e.getKey(), e.getValue().asText());
        });
        JsonNode doc = n.get(Example.DOC);
        if (doc != null && !doc.isTextual() && !doc.isNumber()) {
            if (!doc.isArray() || doc.isEmpty()) throw new HoneException(where + "\"" + Example.DOC + "\" must be a document id or a non-empty list of them");
            List<String> ids = new ArrayList<>();
            for (JsonNode d : doc) {
                if (!(d.isTextual() || d.isNumber()) || d.asText().isBlank() || d.asText().contains("\n")) {
                    throw new HoneException(where + "\"" + Example.DOC + "\" must be a document id or a non-empty list of them");
                }
                ids.add(d.asText());
            }
            fields.put(Example.DOC, String.join("\n", ids));
        }
        JsonNode target = n.get(targetField);
        JsonNode choices = n.get("choices");
        if (choices != null) {
            if (!choices.isArray() || choices.isEmpty()) throw new HoneException(where + "\"choices\" must be a non-empty list of strings");
            List<String> cs = new ArrayList<>();
            for (JsonNode c : choices) {
                if (!c.isTextual()) throw new HoneException(where + "\"choices\" must be a non-empty list of strings");
                cs.add(c.asText());
            }
            if (target == null) throw new HoneException(where + "missing \"" + targetField + "\" (the right choice's index or text)");
            int gold;
            if (target.isIntegralNumber()) {
                gold = target.asInt();
                if (gold < 0 || gold >= cs.size()) throw new HoneException(where + "\"" + targetField + "\" " + gold + " is not a choice index (0.." + (cs.size() - 1) + ")");
            } else if (target.isTextual()) {
                gold = cs.indexOf(target.asText());
                if (gold < 0) throw new HoneException(where + "\"" + targetField + "\" '" + target.asText() + "' is not one of the choices");
            } else {
                throw new HoneException(where + "\"" + targetField + "\" must be a choice index or a choice's text");
            }
            return new Example(id, in.asText(), List.of(cs.get(gold)), cs, gold, fields);
        }
        List<String> targets = new ArrayList<>();
        if (target == null || target.isNull()) {
            if (targetRequired) {
                throw new HoneException(where + (target == null ? "missing" : "null") + " \"" + targetField
                        + "\" (every metric but ppl compares the output with it)");
            }
        } else if (target.isTextual() || target.isNumber()) {
            targets.add(target.asText());
        } else if (target.isArray() && !target.isEmpty()) {
            for (JsonNode t : target) {
                if (!t.isTextual()) throw new HoneException(where + "\"" + targetField + "\" list must hold strings");
                targets.add(t.asText());
            }
        } else {
            throw new HoneException(where + "\"" + targetField + "\" must be a string or a non-empty list of strings");
        }
        return new Example(id, in.asText(), targets, List.of(), -1, fields);
    }

    public Task limit(int n) {
        return n <= 0 || n >= examples.size() ? this : new Task(name, examples.subList(0, n));
    }

    /**
     * Seeded shuffle, then the first {@code testFraction} is test, the next {@code devFraction} dev, the rest train.
     * Each split gets at least one example when the fraction is positive.
     */
    public Splits split(double devFraction, double testFraction, long seed) {
        if (devFraction < 0 || testFraction < 0 || devFraction + testFraction >= 1) {
            throw new HoneException("split: dev (" + devFraction + ") and test (" + testFraction + ") fractions must be >= 0 and leave room for train");
        }
        List<Example> shuffled = new ArrayList<>(examples);
        Collections.shuffle(shuffled, new Random(seed));
        int n = shuffled.size();
        int test = testFraction > 0 ? Math.max(1, (int) Math.round(n * testFraction)) : 0;
        int dev = devFraction > 0 ? Math.max(1, (int) Math.round(n * devFraction)) : 0;
        if (test + dev >= n) throw new HoneException("split: " + n + " examples are too few for a train/dev/test split");
        return new Splits(shuffled.subList(test + dev, n), shuffled.subList(test, test + dev), shuffled.subList(0, test));
    }
}
