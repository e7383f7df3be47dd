package io.hone.train.data;

import io.hone.core.HoneException;
import io.hone.core.chat.ChatMessage;
import io.hone.core.chat.ChatTemplate;
import io.hone.core.ops.CrossEntropy;
import io.hone.core.tokenizer.Tokenizer;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Turns {@link Sample}s into {@link TrainingSequence}s: tokenizes with the model's tokenizer (chat through its template), masks
 * what is not trained, appends EOS to texts and completions, truncates to {@code maxSeqLen} (keeping the start).
 *
 * <p>Prompt/completion: the whole string {@code prompt + completion} is tokenized (so merges across the boundary are what
 * the tokenizer really does) and the tokens it shares with the prompt alone are masked. Chat: the conversation is
 * rendered once in full and, for each assistant message, once up to its generation prompt and once up to its end; the
 * tokens between those two prefixes are the assistant's (turn terminators the template writes included).
 */
public final class Encoder {
    private final Tokenizer tok;
    private final ChatTemplate template;
    private final int maxSeqLen;
    private final boolean trainOnPrompt;
    private final int eos;

    /** @param template the model's chat template; null when the data has no chat records */
    public Encoder(Tokenizer tok, ChatTemplate template, int maxSeqLen, boolean trainOnPrompt) {
        if (maxSeqLen < 2) throw new HoneException("max sequence length must be at least 2, got " + maxSeqLen);
        this.tok = tok;
        this.template = template;
        this.maxSeqLen = maxSeqLen;
        this.trainOnPrompt = trainOnPrompt;
        this.eos = tok.eosIds().isEmpty() ? -1 : tok.eosIds().iterator().next();
    }

    /** The tokenized example, or null when nothing is left to train after truncation. */
    public TrainingSequence encode(Sample s) {
        TrainingSequence e = switch (s) {
            case Sample.Text t -> all(withEos(tok.encode(t.text(), true)));
            case Sample.PromptCompletion pc -> promptCompletion(pc);
            case Sample.Chat c -> chat(c.messages(), 0);
        };
        return finish(e);
    }

    /** Encoded examples in order; those with nothing to train are left out and counted. */
    public record Encoded(List<TrainingSequence> examples, int dropped) {}

    public Encoded encodeAll(List<Sample> samples) {
        var out = new java.util.ArrayList<TrainingSequence>(samples.size());
        int dropped = 0;
        for (Sample s : samples) {
            TrainingSequence e = encode(s);
            if (e == null) dropped++;
            else out.add(e);
        }
        return new Encoded(out, dropped);
    }

    private TrainingSequence promptCompletion(Sample.PromptCompletion pc) {
        int[] ids = withEos(tok.encode(pc.prompt() + pc.completion(), true));
        long[] labels = labels(ids);
        if (!trainOnPrompt) mask(labels, 0, commonPrefix(ids, tok.encode(pc.prompt(), true)));
        return new TrainingSequence(ids, labels);
    }

    /**
     * A preference completion: {@code prompt + completion} with only the completion trained (and, for a plain prompt,
     * the EOS after it); the same truncation and "nothing left" rule as {@link #encode}.
     */
    public TrainingSequence completion(String prompt, String completion) {
        return finish(promptCompletion(new Sample.PromptCompletion(prompt, completion)));
    }

    /** A conversational preference completion: the assistant messages of {@code completion} after the prompt's. */
    public TrainingSequence completion(List<ChatMessage> prompt, List<ChatMessage> completion) {
        var all = new java.util.ArrayList<ChatMessage>(prompt);
        all.addAll(completion);
        return finish(chat(all, prompt.size()));
    }

    private TrainingSequence finish(TrainingSequence e) {
        if (e.length() > maxSeqLen) e = new TrainingSequence(Arrays.copyOf(e.ids(), maxSeqLen), Arrays.copyOf(e.labels(), maxSeqLen));
        return e.trainedTokens() == 0 ? null : e;
    }

    /** Chat: assistant messages from index {@code trainFrom} on are trained (all of them when trainOnPrompt). */
    private TrainingSequence chat(List<ChatMessage> messages, int trainFrom) {
        if (template == null) throw new HoneException("chat records need a chat template, and the model has none");
        // transformers' apply_chat_template(tokenize=True) encodes without special tokens: the template writes them
        int[] ids = tok.encode(template.render(messages, false, Map.of()), false);
        long[] labels = labels(ids);
        if (trainOnPrompt) return new TrainingSequence(ids, labels);
        boolean[] trained = new boolean[ids.length];
        for (int i = trainFrom; i < messages.size(); i++) {
            if (!messages.get(i).role().equals("assistant")) continue;
            int from = commonPrefix(ids, tok.encode(template.render(messages.subList(0, i), true, Map.of()), false));
            int to = commonPrefix(ids, tok.encode(template.render(messages.subList(0, i + 1), false, Map.of()), false));
            for (int t = from; t < to; t++) trained[t] = true;
        }
        for (int t = 0; t < ids.length; t++) if (!trained[t]) labels[t] = CrossEntropy.IGNORE;
        return new TrainingSequence(ids, labels);
    }

    private int[] withEos(int[] ids) {
        if (eos < 0 || (ids.length > 0 && tok.eosIds().contains(ids[ids.length - 1]))) return ids;
        int[] out = Arrays.copyOf(ids, ids.length + 1);
        out[ids.length] = eos;
        return out;
    }

    private static TrainingSequence all(int[] ids) {
        return new TrainingSequence(ids, labels(ids));
    }

    private static long[] labels(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) l[i] = ids[i];
        return l;
    }

    private static void mask(long[] labels, int from, int to) {
        Arrays.fill(labels, from, Math.min(to, labels.length), CrossEntropy.IGNORE);
    }

    private static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length), i = 0;
        while (i < n && a[i] == b[i]) i++;
        return i;
    }
}
