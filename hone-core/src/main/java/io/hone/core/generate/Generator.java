package io.hone.core.generate;

import io.hone.core.model.KvCache;
import io.hone.core.model.LlamaModel;

import java.util.Arrays;
import java.util.Set;

/** Token-level decoding loop: one batched prefill of the prompt, then one token per step through the KV cache. */
public final class Generator {
    public enum StopReason { EOS, STOP_STRING, LENGTH, CONTEXT_FULL }

    public record Result(int[] newTokens, StopReason reason) {}

    /** Receives each new token; returning false stops generation (stop strings are detected this way). */
    @FunctionalInterface
    public interface TokenListener {
        boolean onToken(int id);
    }

    private final LlamaModel model;

    public Generator(LlamaModel model) {
        this.model = model;
    }

    public Result generate(int[] prompt, SamplingConfig cfg, Set<Integer> eosIds, TokenListener listener) {
        if (prompt.length == 0) throw new IllegalArgumentException("empty prompt");
        int capacity = Math.min(prompt.length + cfg.maxNewTokens(), Math.max(prompt.length, model.config().maxPositions()));
        KvCache cache = model.newCache(capacity);
        int[] context = Arrays.copyOf(prompt, prompt.length + cfg.maxNewTokens());
        int n = prompt.length;
        Sampler sampler = new Sampler(cfg);
        if (cfg.maxNewTokens() == 0) return new Result(new int[0], StopReason.LENGTH);
        float[] logits = model.forward(prompt, cache, false, null);
        StopReason reason = StopReason.LENGTH;
        for (int step = 0; step < cfg.maxNewTokens(); step++) {
            int id = sampler.next(logits, context, n);
            context[n++] = id;
            if (cfg.stopAtEos() && eosIds.contains(id)) {
                reason = StopReason.EOS;
                n--;
                break;
            }
            if (!listener.onToken(id)) {
                reason = StopReason.STOP_STRING;
                break;
            }
            if (step == cfg.maxNewTokens() - 1) break;
            if (cache.length() >= cache.capacity()) {
                reason = StopReason.CONTEXT_FULL;
                break;
            }
            logits = model.forward(new int[]{id}, cache, false, null);
        }
        return new Result(Arrays.copyOfRange(context, prompt.length, n), reason);
    }
}
