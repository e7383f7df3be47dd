package io.hone.eval.lm;

import io.hone.core.HoneException;
import io.hone.core.generate.LogSoftmax;
import io.hone.core.generate.SamplingConfig;
import io.hone.core.generate.TextGenerator;
import io.hone.core.model.KvCache;
import io.hone.core.model.LlamaModel;
import io.hone.core.model.PretrainedModel;
import io.hone.core.quant.QuantConfig;
import io.hone.core.quant.WeightFormat;
import io.hone.core.tokenizer.Tokenizer;
import io.hone.eval.prompt.Prompt;
import io.hone.train.ModelOpener;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link LlamaModel} run in this JVM. Chat prompts go through the model's chat template.
 *
 * <p>Tokenization boundary for log-likelihoods, as lm-evaluation-harness's {@code _encode_pair}: trailing
 * whitespace of the context moves to the continuation, the context is encoded alone (with the tokenizer's
 * special tokens, i.e. BOS for Llama; lm-eval adds BOS only with {@code add_bos_token=True}), context +
 * continuation is encoded whole, and the continuation's tokens are the whole encoding after the context's
 * length. The model then sees context tokens + continuation tokens, so a token merging across the boundary
 * is attributed to the continuation. The context's KV cache is computed once and shared by all continuations.
 */
public final class LocalModel implements LanguageModel, AutoCloseable {
    /** Sequences decoded together by {@link #generateAll} unless {@link #withBatch} says otherwise. */
    public static final int BATCH = 16;

    private final PretrainedModel pretrained;
    private final LlamaModel model;
    private final Tokenizer tokenizer;
    private final boolean owned;
    private int batch = BATCH;

    /** A model opened by hone-train's {@link ModelOpener}; the caller keeps ownership (closing this leaves it open). */
    public LocalModel(PretrainedModel pretrained) {
        this(pretrained, false);
    }

    private LocalModel(PretrainedModel pretrained, boolean owned) {
        this.pretrained = pretrained;
        this.model = pretrained.model();
        this.tokenizer = pretrained.tokenizer();
        this.owned = owned;
    }

    /**
     * Opens a Hugging Face model folder, optionally with a PEFT adapter folder applied (LoRA/rsLoRA/DoRA through
     * hone-train's {@code PeftAdapter}); the chat template is used when the folder has one.
     */
    public static LocalModel open(Path dir, Path adapter) {
        return open(dir, adapter, (WeightFormat) null);
    }

    /**
     * As {@link #open(Path, Path)}, with the base's decoder projections quantized on load ({@code quant} non-null),
     * as {@code hone finetune --method qlora} loads it: a QLoRA adapter is then evaluated over the same 4-bit base it
     * was trained against.
     */
    public static LocalModel open(Path dir, Path adapter, QuantConfig quant) {
        return open(dir, adapter, WeightFormat.of(quant));
    }

    /**
     * As {@link #open(Path, Path)}, with the base in an inference format ({@code format} non-null: BF16, INT8 or 4-bit);
     * an adapter runs unmerged over it ({@link ModelOpener.AdapterUse#LIVE}).
     */
    public static LocalModel open(Path dir, Path adapter, WeightFormat format) {
        return new LocalModel(ModelOpener.at(dir).format(format).adapter(adapter, ModelOpener.AdapterUse.LIVE).open(), true);
    }

    /** {@code nf4-dq-b64}: code book, double quant, block size. */
    public static String describe(QuantConfig q) {
        return new WeightFormat.FourBit(q).describe();
    }

    @Override
    public void close() {
        if (owned) pretrained.close();
    }

    @Override
    public String id() {
        return pretrained.id();
    }

    @Override
    public boolean supportsChat() {
        return pretrained.hasChatTemplate();
    }

    @Override
    public String generate(Prompt prompt, SamplingConfig sampling) {
        return new TextGenerator(model, tokenizer).generate(promptIds(prompt), sampling, s -> {}).text();
    }

    /** Sequences {@link #generateAll} decodes together; 1: one prompt at a time, as {@link #generate}. Returns this. */
    public LocalModel withBatch(int n) {
        if (n < 1) throw new IllegalArgumentException("batch " + n);
        batch = n;
        return this;
    }

    /** Decodes up to {@link #withBatch} sequences together; each answer equals {@link #generate}'s for that prompt. */
    @Override
    public List<String> generateAll(List<Prompt> prompts, List<SamplingConfig> samplings) {
        if (batch == 1) return LanguageModel.super.generateAll(prompts, samplings);
        List<int[]> ids = new ArrayList<>(prompts.size());
        for (Prompt p : prompts) ids.add(promptIds(p));
        return new TextGenerator(model, tokenizer).generateAll(ids, samplings, batch).stream().map(TextGenerator.Output::text).toList();
    }

    /** A prompt's ids, checked against the model's positions as every command checks them ({@link PretrainedModel#encodePrompt}). */
    private int[] promptIds(Prompt p) {
        return switch (p) {
            case Prompt.Text t -> pretrained.encodePrompt("prompt", t.text(), true);
            case Prompt.Chat c -> pretrained.encodePrompt("rendered chat template", render(c), false);
        };
    }

    private String render(Prompt.Chat c) {
        return pretrained.renderChat(c.messages());
    }

    @Override
    public List<LogLikelihood> logLikelihoods(Prompt context, List<String> continuations) {
        boolean special = context instanceof Prompt.Text;
        String ctx = switch (context) {
            case Prompt.Text t -> t.text();
            case Prompt.Chat c -> render(c);
        };
        int maxPos = model.config().maxPositions();
        List<LogLikelihood> out = new ArrayList<>();
        // group continuations by the context they leave after whitespace moves (usually all the same)
        String trimmed = ctx.stripTrailing();
        String moved = ctx.substring(trimmed.length());
        int[] ctxIds = withPrefix(tokenizer.encode(trimmed, special));
        KvCache cache = null;
        float[] first = null;
        int[] usedCtx = null;
        for (String cont : continuations) {
            int[] whole = withPrefix(tokenizer.encode(trimmed + moved + cont, special));
            int[] contIds = Arrays.copyOfRange(whole, Math.min(ctxIds.length, whole.length), whole.length);
            if (contIds.length == 0) throw new HoneException("log-likelihood: continuation '" + cont + "' has no tokens after the context");
            if (contIds.length >= maxPos) throw new HoneException("log-likelihood: continuation of " + contIds.length + " tokens exceeds the model's " + maxPos + " positions");
            // left-truncate the context so context + continuation fits (lm-eval does the same)
            int keep = Math.min(ctxIds.length, maxPos - contIds.length + 1);
            int[] c = Arrays.copyOfRange(ctxIds, ctxIds.length - keep, ctxIds.length);
            if (cache == null || !Arrays.equals(c, usedCtx) || cache.capacity() < c.length + contIds.length) {
                cache = model.newCache(Math.min(maxPos, c.length + longest(continuations)));
                first = model.forward(c, cache, false, null);
                usedCtx = c;
            }
            cache.truncate(c.length);
            int vocab = model.config().vocabSize();
            double lp = 0;
            boolean greedy = true;
            LogSoftmax row = LogSoftmax.of(first, 0, vocab);
            lp += row.at(contIds[0]);
            greedy &= row.argmax() == contIds[0];
            if (contIds.length > 1) {
                if (c.length + contIds.length - 1 > cache.capacity()) cache = grow(c, contIds.length);
                float[] logits = model.forward(Arrays.copyOf(contIds, contIds.length - 1), cache, true, null);
                for (int i = 1; i < contIds.length; i++) {
                    row = LogSoftmax.of(logits, (i - 1) * vocab, vocab);
                    lp += row.at(contIds[i]);
                    greedy &= row.argmax() == contIds[i];
                }
            }
            out.add(new LogLikelihood(lp, contIds.length, greedy));
        }
        return out;
    }

    private KvCache grow(int[] ctx, int contLen) {
        KvCache cache = model.newCache(ctx.length + contLen);
        model.forward(ctx, cache, false, null);
        return cache;
    }

    private int longest(List<String> continuations) {
        int n = 0;
        for (String c : continuations) n = Math.max(n, c.length() + 8);
        return n;
    }

    /** A context with no tokens at all gets the BOS (else EOS) token, as lm-eval's prefix token. */
    private int[] withPrefix(int[] ids) {
        return ids.length > 0 ? ids : new int[]{prefixToken()};
    }

    private int prefixToken() {
        if (tokenizer.bosId().isPresent()) return tokenizer.bosId().getAsInt();
        if (!tokenizer.eosIds().isEmpty()) return tokenizer.eosIds().iterator().next();
        throw new HoneException(pretrained.id() + ": the tokenizer has neither BOS nor EOS to start a text with");
    }

    /**
     * lm-eval's {@code loglikelihood_rolling} with context_len 1: the text's tokens (after BOS) in windows of the
     * model's maximum length, each window conditioned on the token before it (the prefix token for the first).
     */
    @Override
    public LogLikelihood rollingLogLikelihood(String text) {
        int[] ids = tokenizer.encode(text, true);
        int prefix;
        if (ids.length > 0 && tokenizer.bosId().isPresent() && ids[0] == tokenizer.bosId().getAsInt()) {
            prefix = ids[0];
            ids = Arrays.copyOfRange(ids, 1, ids.length);
        } else {
            prefix = prefixToken();
        }
        if (ids.length == 0) throw new HoneException("perplexity: text '" + text + "' has no tokens");
        int window = model.config().maxPositions(), vocab = model.config().vocabSize();
        double lp = 0;
        boolean greedy = true;
        for (int start = 0; start < ids.length; start += window) {
            int end = Math.min(ids.length, start + window);
            int[] input = new int[end - start];
            input[0] = start == 0 ? prefix : ids[start - 1];
            System.arraycopy(ids, start, input, 1, end - start - 1);
            float[] logits = model.forward(input, model.newCache(input.length), true, null);
            for (int i = 0; i < input.length; i++) {
                LogSoftmax row = LogSoftmax.of(logits, i * vocab, vocab);
                lp += row.at(ids[start + i]);
                greedy &= row.argmax() == ids[start + i];
            }
        }
        return new LogLikelihood(lp, ids.length, greedy);
    }
}
