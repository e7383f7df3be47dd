package io.hone.server;

import io.hone.core.HoneException;
import io.hone.core.chat.ChatTemplate;
import io.hone.core.generate.SamplingConfig;
import io.hone.core.generate.TextGenerator;
import io.hone.core.model.LlamaModel;
import io.hone.core.model.LlamaWeights;
import io.hone.core.model.PretrainedModel;
import io.hone.core.quant.WeightFormat;
import io.hone.core.tokenizer.TokenSpans;
import io.hone.core.tokenizer.Tokenizer;
import io.hone.train.ModelOpener;
import io.hone.train.MultiAdapter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The base model and its adapters, each under the name a request's {@code model} field selects (vLLM's
 * {@code --lora-modules name=path}). The base is opened by {@link ModelOpener}; adapters are PEFT folders applied
 * live as {@code LocalModel} applies them ({@link ModelOpener#live}, unmerged); they share the base's tensors, so each
 * costs only its own weights.
 *
 * <p>Generation runs on one {@link Scheduler} over one model that holds every adapter ({@link MultiAdapter}): requests
 * for the base and for different adapters decode in the same batch, sharing the base GEMM, each row adding its own
 * adapter's delta, with the ids each would get alone. Log-prob scoring runs each name's own model, between steps.
 */
public final class ServedModels implements AutoCloseable {
    /**
     * A name a request can ask for; {@code parent} is the base's name for an adapter, null for the base;
     * {@code slot} its adapter slot in the batched model (0: the base).
     */
    public record Served(String name, LlamaModel model, String parent, Path root, int slot) {}

    private final Map<String, Served> byName;
    private final String baseName;
    private final Tokenizer tokenizer;
    private final ChatTemplate chat;
    private final int maxPositions;
    private final long created = System.currentTimeMillis() / 1000;
    private final Scheduler scheduler;
    /** Connection threads encode under the read lock; close frees the tokenizer under the write lock. */
    private final ReentrantReadWriteLock tokenizerLock = new ReentrantReadWriteLock();
    private boolean closed;

    private ServedModels(Map<String, Served> byName, String baseName, Tokenizer tokenizer, ChatTemplate chat, LlamaModel batched, ServeLimits limits) {
        this.byName = byName;
        this.baseName = baseName;
        this.tokenizer = tokenizer;
        this.chat = chat;
        this.maxPositions = batched.config().maxPositions();
        this.scheduler = new Scheduler(new TextGenerator(batched, tokenizer), limits);
    }

    /** {@link #load(Path, String, Map, WeightFormat, ServeLimits)} with the default limits. */
    public static ServedModels load(Path dir, String name, Map<String, Path> adapters, WeightFormat format) {
        return load(dir, name, adapters, format, ServeLimits.DEFAULTS);
    }

    /**
     * Loads a Hugging Face model folder (in an inference format when {@code format} is non-null: BF16, INT8, or 4-bit as
     * {@code LocalModel.open} quantizes QLoRA bases) through {@link ModelOpener} and the adapter folders by name, in the map's order.
     */
    public static ServedModels load(Path dir, String name, Map<String, Path> adapters, WeightFormat format, ServeLimits limits) {
        checkName(name, "served model name");
        PretrainedModel opened = ModelOpener.at(dir).format(format).open();
        LlamaModel base = opened.model();
        Map<String, Served> byName = new LinkedHashMap<>();
        byName.put(name, new Served(name, base, null, dir, 0));
        List<LlamaWeights> adapted = new ArrayList<>();
        try {
            adapters.forEach((adapterName, adapterDir) -> {
                checkName(adapterName, "adapter name");
                if (byName.containsKey(adapterName)) throw new HoneException("adapter name '" + adapterName + "' is already served");
                LlamaModel live = ModelOpener.live(base, adapterDir);
                adapted.add(live.weights());
                byName.put(adapterName, new Served(adapterName, live, name, adapterDir, adapted.size()));
            });
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        LlamaModel batched = adapted.isEmpty() ? base : new LlamaModel(base.config(), MultiAdapter.weights(base.weights(), adapted));
        return new ServedModels(byName, name, opened.tokenizer(), opened.chatTemplate(), batched, limits);
    }

    private static void checkName(String name, String what) {
        if (name == null || name.isBlank()) throw new HoneException(what + " must not be empty");
    }

    /** The model a request names; null or absent selects the base (as vLLM). */
    Served lookup(String name) {
        Served s = byName.get(name == null ? baseName : name);
        if (s == null) throw ApiError.modelNotFound(name, byName.keySet());
        return s;
    }

    public List<Served> all() {
        return new ArrayList<>(byName.values());
    }

    /** For work on the compute thread (stream decoding, log-prob strings); connection threads use {@link #encode}. */
    Tokenizer tokenizer() {
        return tokenizer;
    }

    int[] encode(String text, boolean addSpecialTokens) {
        return withTokenizer(() -> tokenizer.encode(text, addSpecialTokens));
    }

    TokenSpans encodeWithSpans(String text, boolean addSpecialTokens) {
        return withTokenizer(() -> tokenizer.encodeWithSpans(text, addSpecialTokens));
    }

    private <T> T withTokenizer(Supplier<T> work) {
        tokenizerLock.readLock().lock();
        try {
            if (closed) throw ApiError.unavailable("the server is shutting down");
            return work.get();
        } finally {
            tokenizerLock.readLock().unlock();
        }
    }

    /** The base folder's chat template, or null (a base model: completions only). */
    ChatTemplate chat() {
        return chat;
    }

    int maxPositions() {
        return maxPositions;
    }

    long created() {
        return created;
    }

    ServeLimits limits() {
        return scheduler.limits();
    }

    Scheduler scheduler() {
        return scheduler;
    }

    /** Queues a generation for {@code served} (429 when the queue is full); its deadline starts now. */
    Job generate(Served served, int[] ids, SamplingConfig sampling) {
        return scheduler.submit(served.slot(), ids, sampling);
    }

    /**
     * Runs {@code work} on the compute thread between decode steps, once the requests queued before it have joined,
     * and returns what it returns or throws what it throws; 504 past {@code deadline} (System.nanoTime).
     */
    <T> T exclusive(Supplier<T> work, long deadline) {
        return scheduler.run(work, deadline);
    }

    /** {@link #exclusive(Supplier, long)} with a deadline from now. */
    <T> T exclusive(Supplier<T> work) {
        return exclusive(work, limits().deadline());
    }

    /** Ends what waits and what runs (503), waits for the step computing now, then frees the tokenizer. */
    @Override
    public void close() {
        tokenizerLock.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
        } finally {
            tokenizerLock.writeLock().unlock();
        }
        scheduler.close();
        tokenizerLock.writeLock().lock();
        try {
            tokenizer.close();
        } finally {
            tokenizerLock.writeLock().unlock();
        }
    }
}
