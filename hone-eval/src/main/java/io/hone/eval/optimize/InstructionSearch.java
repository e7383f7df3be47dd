package io.hone.eval.optimize;

import io.hone.core.chat.ChatMessage;
import io.hone.core.generate.PromptLength;
import io.hone.core.generate.SamplingConfig;
import io.hone.eval.prompt.Prompt;
import io.hone.eval.task.Example;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Instruction search over the program's instruction (demos kept): the given candidates, scored in order; then,
 * for {@code rounds} rounds, OPRO (Yang et al., 2023, "Large Language Models as Optimizers"): a meta-prompt lists
 * the instructions scored so far in ascending order of score (0–100) and a few train exemplars, and asks the
 * model for a new instruction between {@code <INS>} and {@code </INS>}; proposals already tried are skipped.
 */
public record InstructionSearch(List<String> candidates, int rounds, int exemplars) implements PromptOptimizer {
    private static final Pattern INS = Pattern.compile("<INS>(.*?)</INS>", Pattern.DOTALL);
    private static final int SHOWN = 20; // OPRO keeps the top 20 instructions in the meta-prompt

    public InstructionSearch {
        candidates = List.copyOf(candidates);
    }

    @Override
    public String name() {
        return "instruction";
    }

    @Override
    public void search(Search s) {
        List<Scored> scored = new ArrayList<>();
        Set<String> tried = new LinkedHashSet<>();
        tried.add(s.base.instruction().strip());
        scored.add(new Scored(s.base.instruction(), s.evaluate("baseline", s.base)));
        for (String c : candidates) {
            if (!tried.add(c.strip())) continue;
            scored.add(new Scored(c, s.evaluate("instruction \"" + abbreviate(c) + "\"", s.base.withInstruction(c))));
        }
        for (int r = 0; r < rounds; r++) {
            var sampling = SamplingConfig.sampled(200, 1.0, s.seed + r);
            String proposal;
            try {
                proposal = propose(metaPrompt(scored, s), s, sampling);
            } catch (PromptLength.TooLong e) {
                s.note("OPRO round " + (r + 1) + ": no new instruction proposed (meta-prompt: " + e.getMessage() + ")");
                continue;
            }
            if (proposal.isEmpty() || !tried.add(proposal)) {
                s.note("OPRO round " + (r + 1) + ": no new instruction proposed");
                continue;
            }
            scored.add(new Scored(proposal, s.evaluate("OPRO " + (r + 1) + " \"" + abbreviate(proposal) + "\"", s.base.withInstruction(proposal))));
        }
    }

    /**
     * One OPRO proposal: a chat model gets the meta-prompt as a user turn; a base model (no chat template) continues
     * the meta-prompt after an opening {@code <INS>}, as OPRO does with pre-trained scorers, and its text up to
     * {@code </INS>} (or the end of the line) is the proposal.
     */
    private static String propose(String metaPrompt, Search s, SamplingConfig sampling) {
        if (s.model.supportsChat()) {
            return parse(s.model.generate(new Prompt.Chat(List.of(new ChatMessage("user", metaPrompt))), sampling));
        }
        return parse("<INS>" + s.model.generate(new Prompt.Text(metaPrompt + "\n\n<INS>"), sampling));
    }

    private record Scored(String instruction, double score) {}

    String metaPrompt(List<Scored> scored, Search s) {
        StringBuilder sb = new StringBuilder("Your task is to write an instruction that makes a language model answer problems like the ones below correctly.\n\n");
        sb.append("Below are some previous instructions with their scores. The score ranges from 0 to 100.\n");
        Comparator<Scored> byScore = Comparator.comparingDouble(Scored::score);
        if (!s.metric.higherIsBetter()) byScore = byScore.reversed();
        List<Scored> shown = scored.stream().sorted(byScore).toList();
        shown = shown.subList(Math.max(0, shown.size() - SHOWN), shown.size());
        for (Scored x : shown) {
            sb.append("\ntext:\n").append(x.instruction()).append("\nscore:\n").append(points(x.score(), s)).append('\n');
        }
        sb.append("\nBelow are some problems.\n");
        List<Example> train = s.splits.train();
        for (int i = 0; i < Math.min(exemplars, train.size()); i++) {
            Example ex = train.get((int) Math.floorMod(s.seed + (long) i * 7919, train.size()));
            sb.append("\ninput:\nQ: ").append(ex.input()).append("\nA: <INS>\noutput:\n").append(ex.target()).append('\n');
        }
        sb.append("\nGenerate an instruction that is different from all the instructions <INS> above, and has a higher score than all "
                + "the instructions <INS> above. The instruction should begin with <INS> and end with </INS>. The instruction should "
                + "be concise, effective, and generally applicable to all problems above.");
        return sb.toString();
    }

    private static String points(double score, Search s) {
        return s.metric.higherIsBetter() && score <= 1 ? String.valueOf(Math.round(score * 100)) : String.format(Locale.ROOT, "%.2f", score);
    }

    /** The text between {@code <INS>} and {@code </INS>}, else the reply's first non-blank line. */
    static String parse(String reply) {
        Matcher m = INS.matcher(reply);
        if (m.find()) return m.group(1).strip();
        return reply.replace("<INS>", "").strip().lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
    }

    private static String abbreviate(String s) {
        String one = s.replace('\n', ' ');
        return one.length() <= 40 ? one : one.substring(0, 37) + "...";
    }
}
