package io.hone.improve.search;

import io.hone.eval.lm.CachedModel;
import io.hone.eval.lm.LocalModel;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The task model under each weights setting, opened on demand (adapter unmerged, over the NF4 base for QLoRA), each
 * behind a response cache on disk ({@code cache/<weights>.jsonl}) so a resumed run replays what it already asked
 * for free. At most two are open at once (least recently used closed first). Model calls = cache misses.
 */
public final class ModelPool implements AutoCloseable {
    private static final int OPEN = 2;
    private final Path model;
    private final Path cacheDir;
    private final Map<String, CachedModel> open = new LinkedHashMap<>(4, 0.75f, true);
    private long closedMisses;

    public ModelPool(Path model, Path cacheDir) {
        this.model = model;
        this.cacheDir = cacheDir;
    }

    public CachedModel get(Weights w) {
        CachedModel m = open.get(w.key());
        if (m != null) return m;
        if (open.size() >= OPEN) {
            var eldest = open.entrySet().iterator().next();
            closedMisses += eldest.getValue().misses();
            eldest.getValue().close();
            open.remove(eldest.getKey());
        }
        m = new CachedModel(LocalModel.open(model, w.adapter(), w.quant()), cacheDir.resolve(safe(w.key()) + ".jsonl"));
        open.put(w.key(), m);
        return m;
    }

    /** Model calls so far (responses not found in the cache). */
    public long calls() {
        long n = closedMisses;
        for (CachedModel m : open.values()) n += m.misses();
        return n;
    }

    static String safe(String key) {
        return key.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    @Override
    public void close() {
        for (CachedModel m : open.values()) {
            closedMisses += m.misses();
            m.close();
        }
        open.clear();
    }
}
