package io.hone.core.model;

/** Keys and values of every layer for one sequence, [position, kvHeads·headDim] per layer. */
public final class KvCache {
    final float[][] keys;
    final float[][] values;
    private final int capacity;
    private final int kvDim;
    private int length;

    public KvCache(ModelConfig cfg, int capacity) {
        this(cfg.kvDim(), cfg.numLayers(), capacity);
    }

    private KvCache(int kvDim, int layers, int capacity) {
        this.capacity = capacity;
        this.kvDim = kvDim;
        keys = new float[layers][(int) Math.min(Integer.MAX_VALUE, (long) capacity * kvDim)];
        values = new float[layers][keys[0].length];
    }

    public int length() {
        return length;
    }

    public int capacity() {
        return capacity;
    }

    void advance(int n) {
        length += n;
    }

    /** Forgets everything after {@code n} positions (e.g. to reuse a shared prompt prefix). */
    public void truncate(int n) {
        if (n < 0 || n > length) throw new IllegalArgumentException("truncate " + n + " of " + length);
        length = n;
    }

    /**
     * A new cache of {@code capacity} positions holding this cache's first {@code n} positions (a shared prompt
     * prefix prefilled once, then continued separately by each sequence).
     */
    public KvCache copyPrefix(int n, int capacity) {
        if (n < 0 || n > length || n > capacity) throw new IllegalArgumentException("copy " + n + " of " + length + " positions into " + capacity);
        KvCache c = new KvCache(kvDim, keys.length, capacity);
        for (int l = 0; l < keys.length; l++) {
            System.arraycopy(keys[l], 0, c.keys[l], 0, n * kvDim);
            System.arraycopy(values[l], 0, c.values[l], 0, n * kvDim);
        }
        c.length = n;
        return c;
    }

    /** Stores {@code rows} positions read from row {@code srcRow} of k/v (one sequence's rows of a call that runs several). */
    void store(int layer, int pos0, float[] k, float[] v, int srcRow, int rows) {
        System.arraycopy(k, srcRow * kvDim, keys[layer], pos0 * kvDim, rows * kvDim);
        System.arraycopy(v, srcRow * kvDim, values[layer], pos0 * kvDim, rows * kvDim);
    }
}
