package io.hone.core.generate;

import io.hone.core.model.KvCache;
import io.hone.core.model.LlamaModel;
import io.hone.core.ops.AdapterRows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

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

    /** @param eos the end-of-sequence id that stopped it (not in {@code newTokens}), −1 when it stopped otherwise */
    public record Result(int[] newTokens, StopReason reason, int eos) {}

    /** Receives each new token; returning false stops generation (stop strings are detected this way). */
    @FunctionalInterface
    public interface TokenListener {
        boolean onToken(int id);

        /** The sequence is done (called on the generating thread, after its last token). */
        default void finished(Result result) {}
    }

    /**
     * One sequence to generate: prompt ids (not empty), its sampling settings, its listener and its adapter slot
     * ({@link AdapterRows}: 0 = the model as it is; i &gt; 0 = the i-th adapter of a model built to mix them).
     */
    public record Request(int[] prompt, SamplingConfig sampling, TokenListener listener, int adapter) {
        public Request {
            if (prompt.length == 0) throw new IllegalArgumentException("empty prompt");
            if (adapter < 0) throw new IllegalArgumentException("adapter slot " + adapter);
        }

        public Request(int[] prompt, SamplingConfig sampling, TokenListener listener) {
            this(prompt, sampling, listener, 0);
        }
    }

    /** Where a continuous batch takes its requests from, between decode steps (a server's queue). */
    @FunctionalInterface
    public interface Source {
        /**
         * The next request to join, or null when none is waiting. {@code idle}: nothing is running, so the source may
         * wait for one; null then ends the run.
         */
        Request next(boolean idle);
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
        Result[] results = new Result[requests.size()];
        Iterator<Request> it = requests.iterator();
        run(idle -> it.hasNext() ? it.next() : null, eosIds, maxBatch, SharedPrefix.of(model, requests), (i, r) -> results[i] = r);
        return Arrays.asList(results);
    }

    /**
     * Continuous batching from a live source: requests join between decode steps while fewer than {@code maxBatch}
     * run, and each leaves when it stops, its listener's {@link TokenListener#finished} getting the result. Returns
     * when the source, asked while nothing runs, has none.
     */
    public void serve(Source source, Set<Integer> eosIds, int maxBatch) {
        run(source, eosIds, maxBatch, SharedPrefix.NONE, (i, r) -> {});
    }

    private void run(Source source, Set<Integer> eosIds, int maxBatch, SharedPrefix prefix, BiConsumer<Integer, Result> done) {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch " + maxBatch);
        List<Sequence> running = new ArrayList<>();
        int taken = 0;
        while (true) {
            List<Sequence> joining = new ArrayList<>();
            while (running.size() + joining.size() < maxBatch) {
                Request r = source.next(running.isEmpty() && joining.isEmpty());
                if (r == null) break;
                int i = taken++;
                if (r.sampling().maxNewTokens() == 0) {
                    finish(r, i, new Result(new int[0], StopReason.LENGTH, -1), done);
                    continue;
                }
                joining.add(Sequence.start(model, prefix, r, i));
            }
            if (running.isEmpty() && joining.isEmpty()) return;
            prefill(joining);
            running.addAll(joining);
            List<Sequence> stepping = new ArrayList<>(running.size());
            for (Sequence s : running) {
                if (s.advance(eosIds)) stepping.add(s);
                else finish(s.request, s.index, s.result(), done);
            }
            running = stepping;
            if (running.isEmpty()) continue;
            int[] ids = new int[running.size()];
            KvCache[] caches = new KvCache[running.size()];
            for (int r = 0; r < ids.length; r++) {
                ids[r] = running.get(r).last();
                caches[r] = running.get(r).cache;
            }
            float[] logits = withAdapters(running, () -> model.decode(ids, caches));
            int vocab = model.config().vocabSize();
            for (int r = 0; r < ids.length; r++) running.get(r).logits = Arrays.copyOfRange(logits, r * vocab, (r + 1) * vocab);
        }
    }

    private static void finish(Request r, int index, Result result, BiConsumer<Integer, Result> done) {
        done.accept(index, result);
        r.listener().finished(result);
    }

    /** Runs a forward over these sequences with their adapter slots bound, when any has one. */
    private static float[] withAdapters(List<Sequence> sequences, Supplier<float[]> forward) {
        int[] slots = sequences.stream().mapToInt(s -> s.request.adapter()).toArray();
        if (Arrays.stream(slots).allMatch(a -> a == 0)) return forward.get();
        return ScopedValue.where(AdapterRows.SEQUENCES, slots).call(forward::get);
    }

    /** Prefills joining sequences together, in groups of at most {@link #PREFILL_TOKENS} tokens (one sequence at least). */
    private void prefill(List<Sequence> joining) {
        int vocab = model.config().vocabSize();
        for (int from = 0; from < joining.size(); ) {
            int to = from, tokens = 0;
            while (to < joining.size() && (to == from || tokens + joining.get(to).pending.length <= PREFILL_TOKENS)) tokens += joining.get(to++).pending.length;
            List<Sequence> group = joining.subList(from, to);
            KvCache[] caches = group.stream().map(s -> s.cache).toArray(KvCache[]::new);
            float[] logits = withAdapters(group, () -> model.prefill(group.stream().map(s -> s.pending).toList(), caches));
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
            return new Result(Arrays.copyOfRange(context, request.prompt().length, n), reason, reason == StopReason.EOS ? context[n] : -1);
        }
    }

    /**
     * The longest prompt prefix every request shares ({@code length} tokens), prefilled once (or none: no cache). Only
     * requests for one adapter share one: the prefix's keys and values depend on it.
     */
    private record SharedPrefix(int length, KvCache cache) {
        static final SharedPrefix NONE = new SharedPrefix(0, null);

        static SharedPrefix of(LlamaModel model, List<Request> requests) {
            if (requests.size() < 2) return NONE;
            int adapter = requests.getFirst().adapter();
            if (requests.stream().anyMatch(r -> r.adapter() != adapter)) return NONE;
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
            int[] prefix = Arrays.copyOf(first, len);
            if (adapter == 0) model.forward(prefix, cache, false, null);
            else ScopedValue.where(AdapterRows.SEQUENCES, new int[]{adapter}).run(() -> model.forward(prefix, cache, false, null));
            return new SharedPrefix(len, cache);
        }

        /** How many of the prefix's positions a prompt with this cache capacity can take (0: prefill it whole). */
        int usableFor(int[] prompt, int capacity) {
            return cache == null || length > capacity ? 0 : length;
        }
    }
}
