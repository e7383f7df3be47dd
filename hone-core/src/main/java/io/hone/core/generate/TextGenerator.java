package io.hone.core.generate;

import io.hone.core.model.LlamaModel;
import io.hone.core.tokenizer.StreamDecoder;
import io.hone.core.tokenizer.Tokenizer;

import java.util.HashSet;
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
    public record Output(String text, int promptTokens, int newTokens, Generator.StopReason reason, double seconds, int[] newIds) {
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
        Set<Integer> eos = new HashSet<>(tokenizer.eosIds());
        eos.addAll(model.config().eosTokenIds());
        StreamDecoder decoder = tokenizer.streamDecoder(true, ids);
        StopStrings stops = new StopStrings(cfg.stopStrings());
        long t0 = System.nanoTime();
        var result = new Generator(model).generate(ids, cfg, eos, id -> {
            String shown = stops.accept(decoder.next(id));
            if (!shown.isEmpty()) stream.accept(shown);
            return !stops.stopped();
        });
        double secs = (System.nanoTime() - t0) / 1e9;
        if (!stops.stopped()) {
            String rest = stops.accept(decoder.flush());
            rest += stops.stopped() ? "" : stops.flush();
            if (!rest.isEmpty()) stream.accept(rest);
        }
        return new Output(stops.text(), ids.length, result.newTokens().length, result.reason(), secs, result.newTokens());
    }
}
