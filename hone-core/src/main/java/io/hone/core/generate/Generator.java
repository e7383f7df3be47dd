package io.hone.core.generate;

import io.hone.core.model.KvCache;
import io.hone.core.model.LlamaModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Token-level decoding: each sequence's prompt is prefilled in one pass, then the running sequences decode together,
 * one token each per step through their own KV caches (one GEMM over the batch's rows instead of one GEMV per
 * sequence). Sequences leave the batch when they stop and waiting ones join between steps (continuous batching). A
 * prompt prefix shared by every request is prefilled once and its cache copied into each sequence.
 *
 * <p>Outputs do not depend on batching: {@link LlamaModel} computes each row independently of the others in its
 * call, and each sequence samples with its own {@link Sampler}, so a request gets the same tokens alone or in a batch.
 */
public final class Generator {
    public enum StopReason { EOS, STOP_STRING, LENGTH, CONTEXT_FULL }

    public record Result(int[] newTokens, StopReason reason) {}

    /** Receives each new token; returning false stops generation (stop strings are detected this way). */
    @FunctionalInterface
    public interface TokenListener {
        boolean onToken(int id);
    }

    /** One sequence to generate: prompt ids (not empty), its sampling settings and its listener. */
    public record Request(int[] prompt, SamplingConfig sampling, TokenListener listener) {
        public Request {
            if (prompt.length == 0) throw new IllegalArgumentException("empty prompt");
        }
    }

    /** Shorter shared prefixes are prefilled with each prompt: copying a cache is not worth it for a few tokens. */
    static final int MIN_SHARED_PREFIX = 16;
    /** Prompt tokens of joining sequences prefilled in one pass (bounds the activations of one forward). */
    static final int PREFILL_TOKENS = 4096;

    private final LlamaModel model;

    public Generator(LlamaModel model) {
        this.model = model;
    }

    public Result generate(int[] prompt, SamplingConfig cfg, Set<Integer> eosIds, TokenListener listener) {
        return generateAll(List.of(new Request(prompt, cfg, listener)), eosIds, 1).getFirst();
    }

    /** Generates every request, at most {@code maxBatch} decoding at once; results in request order. */
    public List<Result> generateAll(List<Request> requests, Set<Integer> eosIds, int maxBatch) {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch " + maxBatch);
        Result[] results = new Result[requests.size()];
        SharedPrefix prefix = SharedPrefix.of(model, requests);
        List<Sequence> running = new ArrayList<>();
        int next = 0;
        while (next < requests.size() || !running.isEmpty()) {
            List<Sequence> joining = new ArrayList<>();
            while (running.size() + joining.size() < maxBatch && next < requests.size()) {
                int i = next++;
                Request r = requests.get(i);
                if (r.sampling().maxNewTokens() == 0) {
                    results[i] = new Result(new int[0], StopReason.LENGTH);
                    continue;
                }
                joining.add(Sequence.start(model, prefix, r, i));
            }
            prefill(joining);
            running.addAll(joining);
            List<Sequence> stepping = new ArrayList<>(running.size());
            for (Sequence s : running) {
                if (s.advance(eosIds)) stepping.add(s);
                else results[s.index] = s.result();
            }
            running = stepping;
            if (running.isEmpty()) continue;
            int[] ids = new int[running.size()];
            KvCache[] caches = new KvCache[running.size()];
            for (int r = 0; r < ids.length; r++) {
                ids[r] = running.get(r).last();
                caches[r] = running.get(r).cache;
            }
            float[] logits = model.decode(ids, caches);
            int vocab = model.config().vocabSize();
            for (int r = 0; r < ids.length; r++) running.get(r).logits = Arrays.copyOfRange(logits, r * vocab, (r + 1) * vocab);
        }
        return Arrays.asList(results);
    }

    /** Prefills joining sequences together, in groups of at most {@link #PREFILL_TOKENS} tokens (one sequence at least). */
    private void prefill(List<Sequence> joining) {
        int vocab = model.config().vocabSize();
        for (int from = 0; from < joining.size(); ) {
            int to = from, tokens = 0;
            while (to < joining.size() && (to == from || tokens + joining.get(to).pending.length <= PREFILL_TOKENS)) tokens += joining.get(to++).pending.length;
            List<Sequence> group = joining.subList(from, to);
            KvCache[] caches = group.stream().map(s -> s.cache).toArray(KvCache[]::new);
            float[] logits = model.prefill(group.stream().map(s -> s.pending).toList(), caches);
            for (int g = 0; g < group.size(); g++) group.get(g).logits = Arrays.copyOfRange(logits, g * vocab, (g + 1) * vocab);
            from = to;
        }
    }

    /** One sequence's decoding state: its cache, prompt + new ids, sampler and the logits of its next position. */
    private static final class Sequence {
        final Request request;
        final int index;
        final KvCache cache;
        final int[] context;
        final Sampler sampler;
        /** The prompt tokens not yet in the cache (all after a copied shared prefix). */
        int[] pending;
        int n, step;
        float[] logits;
        StopReason reason = StopReason.LENGTH;

        private Sequence(Request request, int index, KvCache cache) {
            this.request = request;
            this.index = index;
            this.cache = cache;
            this.context = Arrays.copyOf(request.prompt(), request.prompt().length + request.sampling().maxNewTokens());
            this.n = request.prompt().length;
            this.sampler = new Sampler(request.sampling());
        }

        static Sequence start(LlamaModel model, SharedPrefix prefix, Request r, int index) {
            int[] prompt = r.prompt();
            int capacity = Math.min(prompt.length + r.sampling().maxNewTokens(), Math.max(prompt.length, model.config().maxPositions()));
            int shared = prefix.usableFor(prompt, capacity);
            KvCache cache = shared > 0 ? prefix.cache().copyPrefix(shared, capacity) : model.newCache(capacity);
            Sequence s = new Sequence(r, index, cache);
            s.pending = Arrays.copyOfRange(prompt, shared, prompt.length);
            return s;
        }

        /** Samples the next token from {@link #logits}; true when the sequence needs another decode step. */
        boolean advance(Set<Integer> eosIds) {
            SamplingConfig cfg = request.sampling();
            int id = sampler.next(logits, context, n);
            context[n++] = id;
            if (cfg.stopAtEos() && eosIds.contains(id)) {
                reason = StopReason.EOS;
                n--;
                return false;
            }
            if (!request.listener().onToken(id)) {
                reason = StopReason.STOP_STRING;
                return false;
            }
            if (step++ == cfg.maxNewTokens() - 1) return false;
            if (cache.length() >= cache.capacity()) {
                reason = StopReason.CONTEXT_FULL;
                return false;
            }
            return true;
        }

        int last() {
            return context[n - 1];
        }

        Result result() {
            return new Result(Arrays.copyOfRange(context, request.prompt().length, n), reason);
        }
    }

    /** The longest prompt prefix every request shares ({@code length} tokens), prefilled once (or none: no cache). */
    private record SharedPrefix(int length, KvCache cache) {
        static final SharedPrefix NONE = new SharedPrefix(0, null);

        static SharedPrefix of(LlamaModel model, List<Request> requests) {
            if (requests.size() < 2) return NONE;
            int[] first = requests.getFirst().prompt();
            int len = first.length - 1; // every prompt keeps at least one token of its own to prefill
            for (Request r : requests) {
                int[] p = r.prompt();
                len = Math.min(len, p.length - 1);
                int i = 0;
                while (i < len && p[i] == first[i]) i++;
                len = i;
            }
            if (len < MIN_SHARED_PREFIX) return NONE;
            KvCache cache = model.newCache(len);
            model.forward(Arrays.copyOf(first, len), cache, false, null);
            return new SharedPrefix(len, cache);
        }

        /** How many of the prefix's positions a prompt with this cache capacity can take (0: prefill it whole). */
        int usableFor(int[] prompt, int capacity) {
            return cache == null || length > capacity ? 0 : length;
        }
    }
}
