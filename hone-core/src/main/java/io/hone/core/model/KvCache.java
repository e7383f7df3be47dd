package io.hone.core.model;

/** Keys and values of every layer for one sequence, [position, kvHeads·headDim] per layer. */
public final class KvCache {
    final float[][] keys;
    final float[][] values;
    private final int capacity;
    private final int kvDim;
    private int length;

    public KvCache(ModelConfig cfg, int capacity) {
        this.capacity = capacity;
        this.kvDim = cfg.kvDim();
        keys = new float[cfg.numLayers()][(int) Math.min(Integer.MAX_VALUE, (long) capacity * kvDim)];
        values = new float[cfg.numLayers()][keys[0].length];
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

    void store(int layer, int pos0, float[] k, float[] v, int rows) {
        System.arraycopy(k, 0, keys[layer], pos0 * kvDim, rows * kvDim);
        System.arraycopy(v, 0, values[layer], pos0 * kvDim, rows * kvDim);
    }
}
