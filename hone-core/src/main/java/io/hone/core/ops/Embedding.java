package io.hone.core.ops;

/** Token embedding lookup: out[t] = table[ids[t]], table [vocab, dim]. */
public final class Embedding {
    private Embedding() {}

    public static void forward(float[] table, int[] ids, int dim, float[] out) {
        int vocab = table.length / dim;
        for (int t = 0; t < ids.length; t++) {
            int id = ids[t];
            if (id < 0 || id >= vocab) throw new IllegalArgumentException("token id " + id + " outside vocabulary of " + vocab);
            System.arraycopy(table, id * dim, out, t * dim, dim);
        }
    }

    /** Backward: scatter-adds dOut rows into {@code dTable} (only called when the table is trainable). */
    public static void backward(int[] ids, float[] dOut, int dim, float[] dTable) {
        for (int t = 0; t < ids.length; t++) {
            int to = ids[t] * dim, from = t * dim;
            for (int i = 0; i < dim; i++) dTable[to + i] += dOut[from + i];
        }
    }
}
