package io.hone.improve.moves;

import io.hone.core.chat.ChatMessage;
import io.hone.core.generate.PromptLength;
import io.hone.core.generate.SamplingConfig;
import io.hone.eval.lm.LanguageModel;
import io.hone.eval.prompt.Prompt;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A language model as the reflector: a meta-prompt shows the current instruction and the examples with the model's
 * outputs and the metric's feedback, and asks for a better instruction between triple backquotes. A chat model
 * (an OpenAI-compatible endpoint, or a local model with a chat template) gets it as a user turn; a base model
 * continues the text after an opening fence.
 */
public final class LmReflector implements Reflector {
    private static final Pattern FENCED = Pattern.compile("```(?:[a-z]*\\n)?(.*?)```", Pattern.DOTALL);
    private final LanguageModel lm;
    private final String name;
    private final int maxTokens;
    private final double temperature;

    public LmReflector(LanguageModel lm, String name, int maxTokens, double temperature) {
        this.lm = lm;
        this.name = name;
        this.maxTokens = maxTokens;
        this.temperature = temperature;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String propose(String instruction, List<String> feedback, long seed) {
        String meta = metaPrompt(instruction, feedback);
        var sampling = SamplingConfig.sampled(maxTokens, temperature, seed).withTopP(temperature > 0 ? 0.95 : 1);
        try {
            if (lm.supportsChat()) return parse(lm.generate(new Prompt.Chat(List.of(new ChatMessage("user", meta))), sampling));
            return parse("```\n" + lm.generate(new Prompt.Text(meta + "\n\nNew instruction:\n```\n"), sampling));
        } catch (PromptLength.TooLong e) {
            return ""; // the feedback does not fit the reflector's context: no proposal, as OPRO skips its round
        }
    }

    static String metaPrompt(String instruction, List<String> feedback) {
        StringBuilder b = new StringBuilder();
        b.append("An assistant answered the inputs below following this instruction:\n```\n")
                .append(instruction.isBlank() ? "(no instruction)" : instruction.strip()).append("\n```\n\n");
        b.append("Here are inputs it was given, what it answered, and feedback on each answer:\n");
        for (int i = 0; i < feedback.size(); i++) b.append("\n### Example ").append(i + 1).append('\n').append(feedback.get(i)).append('\n');
        b.append("\nWrite a new, self-contained instruction for the assistant that fixes these mistakes. Infer the task and the exact "
                + "answer format the feedback expects (wording, units, what to leave out), state any domain facts or strategy the "
                + "correct answers reveal, and say how to use the provided context. Reply with the instruction alone, inside ``` fences.");
        return b.toString();
    }

    /** The first fenced block's text, else the whole reply, stripped; "" when nothing is left. */
    static String parse(String reply) {
        Matcher m = FENCED.matcher(reply);
        String s = m.find() ? m.group(1) : reply.replace("```", "");
        return s.strip();
    }
}
