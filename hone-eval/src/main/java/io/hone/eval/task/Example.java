package io.hone.eval.task;

import java.util.List;
import java.util.Map;

/**
 * One task item. {@code targets} holds the reference answer and any aliases (a JSON list of strings scores the
 * best match, as SQuAD does); for multiple choice {@code gold} is the index of the right choice and
 * {@code targets} its text. {@code fields} are the item's other string fields, usable as {@code {name}} in templates.
 */
public record Example(String id, String input, List<String> targets, List<String> choices, int gold,
                      Map<String, String> fields) {
    /**
     * The field that names the document(s) holding the answer, as a RAG index names them (a file's path relative to the
     * indexed folder, a PDF page's {@code path#page=N}, a JSONL corpus line's {@code _id}): a string, or a JSON list
     * kept here as its lines. Gold-document recall reads it.
     */
    public static final String DOC = "doc";

    public Example {
        targets = List.copyOf(targets);
        choices = List.copyOf(choices);
        fields = Map.copyOf(fields);
    }

    public static Example of(String id, String input, String target) {
        return new Example(id, input, List.of(target), List.of(), -1, Map.of());
    }

    public static Example choice(String id, String input, List<String> choices, int gold) {
        return new Example(id, input, List.of(choices.get(gold)), choices, gold, Map.of());
    }

    /** The first (canonical) reference answer. */
    public String target() {
        return targets.isEmpty() ? "" : targets.getFirst();
    }

    /** The gold documents of {@link #DOC}; empty when the row names none. */
    public List<String> docs() {
        String d = fields.get(DOC);
        return d == null ? List.of() : d.lines().map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    public boolean isMultipleChoice() {
        return !choices.isEmpty();
    }
}
