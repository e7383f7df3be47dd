package io.hone.server;

import io.hone.core.HoneException;
import io.hone.core.chat.ChatTemplate;
import io.hone.core.model.LlamaModel;
import io.hone.core.model.ModelLoader;
import io.hone.core.quant.WeightFormat;
import io.hone.core.tokenizer.Tokenizer;
import io.hone.train.PeftAdapter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The base model and its adapters, each under the name a request's {@code model} field selects (vLLM's
 * {@code --lora-modules name=path}). Adapters are PEFT folders applied as {@code LocalModel} applies them
 * ({@link PeftAdapter#load}, unmerged); they share the base's tensors, so each costs only its own weights.
 *
 * <p>One request computes at a time: a forward pass already uses every core, so running two at once would only
 * make both slower. Requests queue for one platform thread, so they are served in arrival order; the virtual threads
 * that handle connections only wait for it (a forward pass on one of them would hold a carrier the others need).
 */
public final class ServedModels implements AutoCloseable {
    /** A name a request can ask for; {@code parent} is the base's name for an adapter, null for the base. */
    public record Served(String name, LlamaModel model, String parent, Path root) {}

    private final Map<String, Served> byName;
    private final String baseName;
    private final Tokenizer tokenizer;
    private final ChatTemplate chat;
    private final int maxPositions;
    private final long created = System.currentTimeMillis() / 1000;
    private final ExecutorService compute = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hone-serve-compute");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    private ServedModels(Map<String, Served> byName, String baseName, Tokenizer tokenizer, ChatTemplate chat, int maxPositions) {
        this.byName = byName;
        this.baseName = baseName;
        this.tokenizer = tokenizer;
        this.chat = chat;
        this.maxPositions = maxPositions;
    }

    /**
     * Loads a Hugging Face model folder (in an inference format when {@code format} is non-null: BF16, INT8, or 4-bit as
     * {@code LocalModel.open} quantizes QLoRA bases) and the adapter folders by name, in the map's order.
     */
    public static ServedModels load(Path dir, String name, Map<String, Path> adapters, WeightFormat format) {
        checkName(name, "served model name");
        LlamaModel base = ModelLoader.load(dir, format);
        Map<String, Served> byName = new LinkedHashMap<>();
        byName.put(name, new Served(name, base, null, dir));
        adapters.forEach((adapterName, adapterDir) -> {
            checkName(adapterName, "adapter name");
            if (byName.containsKey(adapterName)) throw new HoneException("adapter name '" + adapterName + "' is already served");
            LlamaModel adapted = new LlamaModel(base.config(), PeftAdapter.load(adapterDir, base.weights()).weights());
            byName.put(adapterName, new Served(adapterName, adapted, name, adapterDir));
        });
        ChatTemplate chat = ChatTemplate.loadIfPresent(dir);
        return new ServedModels(byName, name, Tokenizer.load(dir), chat, base.config().maxPositions());
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

    public String baseName() {
        return baseName;
    }

    Tokenizer tokenizer() {
        return tokenizer;
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

    /**
     * Runs {@code work} on the compute thread once the requests before it are done, and returns what it returns or
     * throws what it throws.
     */
    <T> T exclusive(Supplier<T> work) {
        Future<T> result;
        try {
            result = compute.submit(() -> {
                if (closed) throw ApiError.unavailable("the server is shutting down");
                return work.get();
            });
        } catch (RejectedExecutionException e) {
            throw ApiError.unavailable("the server is shutting down");
        }
        try {
            return result.get();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case RuntimeException r -> throw r;
                case Error r -> throw r;
                default -> throw new IllegalStateException(e.getCause());
            }
        } catch (InterruptedException e) { // the server stops: a request not started yet never starts
            result.cancel(false);
            Thread.currentThread().interrupt();
            throw ApiError.unavailable("the server is shutting down");
        }
    }

    /** Waits for the request computing now, then frees the tokenizer; later requests get 503. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        compute.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (compute.awaitTermination(1, TimeUnit.DAYS)) break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        tokenizer.close();
        if (interrupted) Thread.currentThread().interrupt();
    }
}
