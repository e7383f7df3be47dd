package io.hone.core.generate;

import io.hone.core.model.LlamaModel;
import io.hone.core.tokenizer.StreamDecoder;
import io.hone.core.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Text in, streamed text out: tokenizes, decodes incrementally, applies stop strings and EOS. The text is decoded after
 * the prompt (the stream decoder is seeded with the prompt's last ids), so prompt + text == {@code decode(prompt ids +
 * new ids)}: with SentencePiece tokenizers a first token {@code ▁was} after "Zoo" reads " was", as OpenAI-compatible
 * servers return it.
 */
public final class TextGenerator {
    /** {@code newIds}: the generated ids (an ending EOS not included; a stop string's token included). */
    /** @param eos the end-of-sequence id that ended the output (not in {@code newIds}), −1 when none did */
    public record Output(String text, int promptTokens, int newTokens, Generator.StopReason reason, double seconds, int[] newIds, int eos) {
        public double tokensPerSecond() {
            return newTokens / Math.max(seconds, 1e-9);
        }
    }

    private final LlamaModel model;
    private final Tokenizer tokenizer;

    public TextGenerator(LlamaModel model, Tokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /** {@code addSpecialTokens} is false for chat-template output, which already carries BOS. */
    public Output generate(String prompt, boolean addSpecialTokens, SamplingConfig cfg, Consumer<String> stream) {
        return generate(tokenizer.encode(prompt, addSpecialTokens), cfg, stream);
    }

    /** From prompt ids already encoded (they must not be empty). */
    public Output generate(int[] ids, SamplingConfig cfg, Consumer<String> stream) {
        TextStream text = new TextStream(ids, cfg, stream);
        long t0 = System.nanoTime();
        var result = new Generator(model).generate(ids, cfg, eosIds(), text::onToken);
        double secs = (System.nanoTime() - t0) / 1e9;
        return new Output(text.finish(), ids.length, result.newTokens().length, result.reason(), secs, result.newTokens(), result.eos());
    }

    /**
     * Generates from every prompt (ids, not empty), {@code samplings[i]} for prompt i, decoding up to
     * {@code maxBatch} at once; each output equals what {@link #generate(int[], SamplingConfig, Consumer)} gives for that
     * prompt alone. {@code seconds} of each output is the whole batch's time.
     */
    public List<Output> generateAll(List<int[]> prompts, List<SamplingConfig> samplings, int maxBatch) {
        if (prompts.size() != samplings.size()) throw new IllegalArgumentException(prompts.size() + " prompts, " + samplings.size() + " sampling configs");
        List<TextStream> texts = new ArrayList<>();
        List<Generator.Request> requests = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            TextStream text = new TextStream(prompts.get(i), samplings.get(i), shown -> {});
            texts.add(text);
            requests.add(new Generator.Request(prompts.get(i), samplings.get(i), text::onToken));
        }
        long t0 = System.nanoTime();
        List<Generator.Result> results = new Generator(model).generateAll(requests, eosIds(), maxBatch);
        double secs = (System.nanoTime() - t0) / 1e9;
        List<Output> out = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            Generator.Result r = results.get(i);
            out.add(new Output(texts.get(i).finish(), prompts.get(i).length, r.newTokens().length, r.reason(), secs, r.newTokens(), r.eos()));
        }
        return out;
    }

    /**
     * Continuous batching from a live source (a server's queue), at most {@code maxBatch} decoding at once; build each
     * request's listener over a {@link #textStream} to get its text as {@link #generate} would.
     */
    public void serve(Generator.Source source, int maxBatch) {
        new Generator(model).serve(source, eosIds(), maxBatch);
    }

    /** The text of one sequence continuing {@code prompt}, passed to {@code stream} as it is shown. */
    public TextStream textStream(int[] prompt, SamplingConfig cfg, Consumer<String> stream) {
        return new TextStream(prompt, cfg, stream);
    }

    /** Every id that ends generation: the tokenizer's and the model config's. */
    private Set<Integer> eosIds() {
        Set<Integer> eos = new HashSet<>(tokenizer.eosIds());
        eos.addAll(model.config().eosTokenIds());
        return eos;
    }

    /** One sequence's text: new ids decoded after its prompt, stop strings held back, shown text passed on. */
    public final class TextStream {
        private final StreamDecoder decoder;
        private final StopStrings stops;
        private final Consumer<String> stream;

        TextStream(int[] prompt, SamplingConfig cfg, Consumer<String> stream) {
            this.decoder = tokenizer.streamDecoder(true, prompt);
            this.stops = new StopStrings(cfg.stopStrings());
            this.stream = stream;
        }

        /** False once a stop string is complete. */
        public boolean onToken(int id) {
            String shown = stops.accept(decoder.next(id));
            if (!shown.isEmpty()) stream.accept(shown);
            return !stops.stopped();
        }

        /** Flushes what the decoder and the stop strings held back; the whole text. */
        public String finish() {
            if (!stops.stopped()) {
                String rest = stops.accept(decoder.flush());
                rest += stops.stopped() ? "" : stops.flush();
                if (!rest.isEmpty()) stream.accept(rest);
            }
            return stops.text();
        }
    }
}
