package io.hone.eval.prompt;

import io.hone.eval.task.Example;

import java.util.Map;

/** A worked example shown in the prompt: an input (with its template fields) and the answer to imitate. */
public record Demo(String input, String output, Map<String, String> fields) {
    public Demo {
        fields = Map.copyOf(fields);
    }

    public Demo(String input, String output) {
        this(input, output, Map.of());
    }

    /** The example with its reference answer (labeled demo). */
    public static Demo of(Example ex) {
        return new Demo(ex.input(), ex.target(), ex.fields());
    }
}
