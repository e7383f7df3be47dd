package io.hone.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hone.core.generate.LogSoftmax;
import io.hone.core.io.JsonFile;
import io.hone.core.model.KvCache;
import io.hone.core.model.LlamaModel;
import io.hone.core.tokenizer.Tokenizer;

import java.util.Arrays;

/**
 * The log-probabilities of a token sequence's own tokens, in the layout of {@code /v1/completions}'s
 * {@code choices[0].logprobs}: {@code tokens}, {@code token_logprobs} (null for the sequence's first token, which
 * nothing predicts), {@code top_logprobs} (token → log-prob of the {@code top} most likely tokens at that position,
 * plus the actual token, as OpenAI) and {@code text_offset}.
 *
 * <p>Log-softmax in double over one row of FP32 logits ({@link LogSoftmax}, as hone-eval's {@code LocalModel} scores), so
 * the sums equal its log-likelihoods up to the forward pass's float rounding. The sequence runs through the model in chunks of
 * {@link #CHUNK} tokens over one KV cache, so only a chunk's logits are held at a time (vocab × chunk floats).
 */
final class EchoScorer {
    static final int CHUNK = 512;

    private final LlamaModel model;
    private final Tokenizer tokenizer;

    EchoScorer(LlamaModel model, Tokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /**
     * The logprobs object for {@code ids[from..]}; {@code offsets[i]} is the text offset reported for {@code ids[i]}.
     * Token strings are decoded after the token before them; at {@code restart} (the first generated token) as the
     * generated text reads it (see {@link #piece}). {@code ids} must fit the model's context, plus one (the last token
     * is scored, never fed).
     */
    ObjectNode logprobs(int[] ids, int from, int[] offsets, int top, int restart) {
        ObjectNode lp = JsonFile.MAPPER.createObjectNode();
        ArrayNode tokens = lp.putArray("tokens"), logprobs = lp.putArray("token_logprobs"), tops = lp.putArray("top_logprobs"),
                textOffsets = lp.putArray("text_offset");
        if (from >= ids.length) return lp;
        int vocab = model.config().vocabSize();
        KvCache cache = model.newCache(Math.max(1, ids.length - 1));
        for (int i = from; i < ids.length; i++) {
            tokens.add(piece(i == 0 ? -1 : ids[i - 1], ids[i], i == restart));
            textOffsets.add(offsets[i]);
        }
        int start = 0; // ids[start..end) are fed, predicting ids[start + 1..end + 1)
        while (start < ids.length - 1) {
            int end = Math.min(ids.length - 1, start + CHUNK);
            if (end < from) { // nothing asked for in this chunk: fill the cache only
                model.forward(Arrays.copyOfRange(ids, start, end), cache, false, null);
                start = end;
                continue;
            }
            float[] logits = model.forward(Arrays.copyOfRange(ids, start, end), cache, true, null);
            for (int p = Math.max(start, from - 1); p < end; p++) {
                addPosition(logits, (p - start) * vocab, vocab, ids[p], p + 1 == restart, ids[p + 1], top, logprobs, tops);
            }
            start = end;
        }
        if (from == 0 && ids.length > 0) {
            logprobs.insertNull(0);
            tops.insertNull(0);
        }
        return lp;
    }

    private void addPosition(float[] logits, int off, int vocab, int prev, boolean generatedFirst, int actual, int top, ArrayNode logprobs, ArrayNode tops) {
        LogSoftmax row = LogSoftmax.of(logits, off, vocab);
        logprobs.add(row.at(actual));
        ObjectNode alts = tops.addObject();
        for (int id : best(logits, off, vocab, top)) {
            String key = piece(prev, id, generatedFirst);
            if (!alts.has(key)) alts.put(key, row.at(id));
        }
        String key = piece(prev, actual, generatedFirst);
        if (!alts.has(key)) alts.put(key, row.at(actual));
    }

    /** The {@code k} largest logits' ids, best first (ties: lower id first). */
    static int[] best(float[] logits, int off, int vocab, int k) {
        int[] ids = new int[Math.min(k, vocab)];
        int n = 0;
        for (int v = 0; v < vocab; v++) {
            float x = logits[off + v];
            if (n == ids.length && (n == 0 || x <= logits[off + ids[n - 1]])) continue;
            int i = n < ids.length ? n++ : n - 1;
            while (i > 0 && logits[off + ids[i - 1]] < x) {
                ids[i] = ids[i - 1];
                i--;
            }
            ids[i] = v;
        }
        return Arrays.copyOf(ids, n);
    }

    /**
     * A token's text as it reads after the token before it ({@code prev}, or -1 for none): SentencePiece decoders drop a
     * leading space from the first token of what they decode, so decoding {@code ▁Paris} alone gives {@code Paris},
     * after {@code ▁is} {@code " Paris"}. The first generated token ({@code afterPrompt}) reads as hone-core's
     * {@code TextGenerator} decodes it: after the prompt, special tokens skipped (after a lone BOS, {@code Paris}), so the
     * generated strings add up to the text.
     */
    String piece(int prev, int id, boolean afterPrompt) {
        if (prev < 0) return tokenizer.decode(new int[]{id}, false);
        String before = tokenizer.decode(new int[]{prev}, afterPrompt);
        String both = tokenizer.decode(new int[]{prev, id}, afterPrompt);
        return both.startsWith(before) ? both.substring(before.length()) : tokenizer.decode(new int[]{id}, false);
    }
}
