package io.hone.eval.metric;

import io.hone.core.HoneException;
import io.hone.core.chat.ChatMessage;
import io.hone.core.generate.SamplingConfig;
import io.hone.eval.lm.LanguageModel;
import io.hone.eval.prompt.Prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answer faithfulness judged by a language model (usually a stronger one behind an OpenAI-compatible endpoint): one
 * chat turn per answer shows the retrieved context, the question and the answer, and asks whether the context supports
 * the answer, to be answered with one word. Greedy, at most {@link #MAX_TOKENS} tokens.
 * <p>The verdict is read from the reply's first word (letters only, case ignored, after any leading blanks, quotes,
 * asterisks or other non-letters): {@code yes} or {@code supported} = supported; {@code no}, {@code not} or
 * {@code unsupported} = unsupported; anything else (or an empty reply) = unparsed, which is counted and left out of
 * the mean.
 */
public final class FaithfulnessJudge {
    public static final int MAX_TOKENS = 8;
    private static final Pattern FIRST_WORD = Pattern.compile("^[^\\p{L}]*(\\p{L}+)");

    public enum Verdict {
        SUPPORTED, UNSUPPORTED, UNPARSED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What the judge sees: the retrieved context, the question and the model's answer. */
    public record Item(String context, String question, String answer) {}

    /** One answer's verdict and the judge's reply it was read from. */
    public record Judged(Verdict verdict, String reply) {}

    /** The mean of the verdicts (supported = 1) over the {@code judged} parsed ones; NaN when none parsed. */
    public record Summary(int judged, int supported, int unparsed, double mean) {
        public String line(String judge) {
            return String.format(Locale.ROOT, "rag judge (%s): faithfulness %s (%d of %d judged answers supported by their context; %d replies unparsed)",
                    judge, judged == 0 ? "n/a" : String.format(Locale.ROOT, "%.3f", mean), supported, judged, unparsed);
        }
    }

    private final LanguageModel lm;

    public FaithfulnessJudge(LanguageModel lm) {
        this.lm = lm;
    }

    public String id() {
        return lm.id();
    }

    /** The judge's chat prompt for one answer. */
    public static Prompt prompt(Item item) {
        String text = "You check answers against the text they were drawn from.\n\nContext:\n" + item.context().strip()
                + "\n\nQuestion: " + item.question().strip() + "\nAnswer: " + item.answer().strip()
                + "\n\nIs the answer supported by the context (everything it states can be found in or follows from the context)? "
                + "Reply with one word: yes or no.";
        return new Prompt.Chat(List.of(new ChatMessage("user", text)));
    }

    /** The verdict of a reply, by the rule above. */
    public static Verdict parse(String reply) {
        Matcher m = FIRST_WORD.matcher(reply == null ? "" : reply);
        if (!m.find()) return Verdict.UNPARSED;
        return switch (m.group(1).toLowerCase(Locale.ROOT)) {
            case "yes", "supported" -> Verdict.SUPPORTED;
            case "no", "not", "unsupported" -> Verdict.UNSUPPORTED;
            default -> Verdict.UNPARSED;
        };
    }

    /** One request that the judge answers at all (before a long run is spent); a failure names the endpoint. */
    public void check() {
        lm.generate(prompt(new Item("The sky is blue.", "What color is the sky?", "blue")), SamplingConfig.greedy(MAX_TOKENS));
    }

    /** The verdict of each item, in order. */
    public List<Judged> judge(List<Item> items) {
        List<Prompt> prompts = items.stream().map(FaithfulnessJudge::prompt).toList();
        List<String> replies = lm.generateAll(prompts, SamplingConfig.greedy(MAX_TOKENS));
        if (replies.size() != items.size()) throw new HoneException(lm.id() + ": " + replies.size() + " replies to " + items.size() + " prompts");
        List<Judged> out = new ArrayList<>(items.size());
        for (String r : replies) out.add(new Judged(parse(r), r));
        return out;
    }

    public static Summary summarize(List<Judged> verdicts) {
        int judged = 0, supported = 0, unparsed = 0;
        for (Judged j : verdicts) {
            if (j.verdict() == Verdict.UNPARSED) {
                unparsed++;
            } else {
                judged++;
                if (j.verdict() == Verdict.SUPPORTED) supported++;
            }
        }
        return new Summary(judged, supported, unparsed, judged == 0 ? Double.NaN : (double) supported / judged);
    }
}
