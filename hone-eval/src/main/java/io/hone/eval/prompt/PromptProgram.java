package io.hone.eval.prompt;

import io.hone.core.chat.ChatMessage;
import io.hone.eval.task.Example;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A prompt as a program: an optional instruction, a template with {@code {input}}-style variables, few-shot demos
 * (fixed, or the {@code knn.k} train examples most similar to each input), rendered as completion text
 * (lm-evaluation-harness layout: demos joined by a blank line, answer after a space) or as a chat
 * (instruction = system message, each demo a user/assistant turn).
 */
public record PromptProgram(Mode mode, String instruction, String template, List<Demo> demos, Knn knn) {
    public enum Mode { COMPLETION, CHAT }

    /** Per-input demo selection: the {@code k} nearest {@code pool} entries by TF-IDF cosine. */
    public record Knn(int k, List<Demo> pool) {
        public Knn {
            if (k < 1) throw new IllegalArgumentException("knn k must be >= 1");
            pool = List.copyOf(pool);
        }
    }

    public static final String COMPLETION_TEMPLATE = "Question: {input}\nAnswer:";
    public static final String CHAT_TEMPLATE = "{input}";

    public PromptProgram {
        instruction = instruction == null ? "" : instruction;
        demos = List.copyOf(demos);
    }

    public static PromptProgram zeroShot(Mode mode) {
        return new PromptProgram(mode, "", mode == Mode.CHAT ? CHAT_TEMPLATE : COMPLETION_TEMPLATE, List.of(), null);
    }

    public PromptProgram withDemos(List<Demo> d) {
        return new PromptProgram(mode, instruction, template, d, null);
    }

    public PromptProgram withInstruction(String i) {
        return new PromptProgram(mode, i, template, demos, knn);
    }

    public PromptProgram withKnn(Knn k) {
        return new PromptProgram(mode, instruction, template, List.of(), k);
    }

    /** The demos shown for this input: the fixed ones, or its nearest neighbours in the kNN pool. */
    public List<Demo> demosFor(Example ex) {
        return knn == null ? demos : KnnDemos.nearest(knn.pool(), ex.input(), knn.k());
    }

    public Prompt render(Example ex) {
        return render(ex, demosFor(ex));
    }

    public Prompt render(Example ex, List<Demo> shown) {
        String question = Template.fill(template, vars(ex.input(), ex.fields()));
        if (mode == Mode.CHAT) {
            List<ChatMessage> msgs = new ArrayList<>();
            if (!instruction.isBlank()) msgs.add(new ChatMessage("system", instruction));
            for (Demo d : shown) {
                msgs.add(new ChatMessage("user", Template.fill(template, vars(d.input(), d.fields()))));
                msgs.add(new ChatMessage("assistant", d.output()));
            }
            msgs.add(new ChatMessage("user", question));
            return new Prompt.Chat(msgs);
        }
        StringBuilder sb = new StringBuilder();
        if (!instruction.isBlank()) sb.append(instruction).append("\n\n");
        for (Demo d : shown) {
            sb.append(Template.fill(template, vars(d.input(), d.fields()))).append(' ').append(d.output()).append("\n\n");
        }
        return new Prompt.Text(sb.append(question).toString());
    }

    /**
     * Where generation stops in completion mode: a blank line and the template's leading literal (e.g.
     * {@code Question:}), which is where a model imitating the demos starts the next one (lm-eval's {@code until}).
     */
    public List<String> stopStrings() {
        if (mode == Mode.CHAT) return List.of();
        String lead = Template.leadingLiteral(template);
        return lead.isEmpty() ? List.of("\n\n") : List.of("\n\n", lead);
    }

    /** One line for traces: instruction, demo count, mode. */
    public String summary() {
        String ins = instruction.isBlank() ? "no instruction" : "instruction \"" + abbreviate(instruction, 60) + "\"";
        String d = knn != null ? "kNN " + knn.k() + " of " + knn.pool().size() : demos.size() + " demos";
        return d + ", " + ins;
    }

    private static Map<String, String> vars(String input, Map<String, String> fields) {
        Map<String, String> v = new HashMap<>(fields);
        v.put("input", input);
        return v;
    }

    private static String abbreviate(String s, int n) {
        String one = s.replace('\n', ' ');
        return one.length() <= n ? one : one.substring(0, n - 3) + "...";
    }
}
