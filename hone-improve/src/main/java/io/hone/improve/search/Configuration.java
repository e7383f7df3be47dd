package io.hone.improve.search;

import io.hone.eval.prompt.Demo;
import io.hone.eval.prompt.PromptProgram;

import java.util.List;

/**
 * One point of the search: a prompt program (instruction + few-shot demos; the template follows from retrieval),
 * retrieval settings and weights.
 */
public record Configuration(String instruction, List<Demo> demos, Retrieval retrieval, Weights weights) {
    /** The completion template of a RAG prompt. */
    public static final String RAG_TEMPLATE = "Context: {context}\nQuestion: {input}\nAnswer:";

    public static final Configuration BASELINE = new Configuration("", List.of(), Retrieval.OFF, Weights.BASE);

    public Configuration {
        instruction = instruction == null ? "" : instruction;
        demos = List.copyOf(demos);
    }

    public PromptProgram program() {
        return new PromptProgram(PromptProgram.Mode.COMPLETION, instruction,
                retrieval.on() ? RAG_TEMPLATE : PromptProgram.COMPLETION_TEMPLATE, demos, null);
    }

    public boolean hasPrompt() {
        return !instruction.isBlank() || !demos.isEmpty();
    }

    /** How many of the three levers (prompt, retrieval, weights) differ from the baseline. */
    public int levers() {
        return (hasPrompt() ? 1 : 0) + (retrieval.on() ? 1 : 0) + (weights.tuned() ? 1 : 0);
    }

    public Configuration withPrompt(String ins, List<Demo> d) {
        return new Configuration(ins, d, retrieval, weights);
    }

    public Configuration withRetrieval(Retrieval r) {
        return new Configuration(instruction, demos, r, weights);
    }

    public Configuration withWeights(Weights w) {
        return new Configuration(instruction, demos, retrieval, w);
    }

    /** Equal keys: the same configuration (demos by content, weights by training run). */
    public String key() {
        StringBuilder sb = new StringBuilder(instruction).append('\u0001');
        for (Demo d : demos) sb.append(d.input()).append('\u0002').append(d.output()).append('\u0003');
        return sb.append('\u0001').append(retrieval.label()).append('\u0001').append(weights.key()).toString();
    }

    public String promptLabel() {
        if (!hasPrompt()) return "zero-shot";
        String ins = instruction.isBlank() ? "" : "instruction \"" + abbreviate(instruction, 48) + "\"";
        String d = demos.isEmpty() ? "" : demos.size() + " demo" + (demos.size() == 1 ? "" : "s");
        return ins.isEmpty() ? d : d.isEmpty() ? ins : d + " + " + ins;
    }

    public String label() {
        return promptLabel() + " | " + retrieval.label() + " | " + weights.label();
    }

    private static String abbreviate(String s, int n) {
        String one = s.replace('\n', ' ').strip();
        return one.length() <= n ? one : one.substring(0, n - 3) + "...";
    }
}
