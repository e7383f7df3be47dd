package io.hone.train;

import io.hone.core.ops.AdapterRows;
import io.hone.core.ops.Linear;

/**
 * One projection serving several adapters in the same call (multi-LoRA batching, as Punica and S-LoRA): the base
 * GEMM runs once over every row, then each adapter present in {@link AdapterRows#ROWS} adds its LoRA delta
 * s·B(A·x) to its own rows only. An adapter that is not a LoRA over this base (DoRA rescales the base output) runs
 * its whole forward on its rows instead. Rows are gathered per adapter; under a pinned {@link
 * io.hone.core.kernel.Gemm#ROWS} path a row's bits do not depend on the rows around it, so each row equals what
 * its adapter's own model computes for it.
 */
final class MultiAdapterLinear implements Linear {
    private final Linear base;
    /** By slot: null where the adapter leaves this projection as the base (slot 0 is always null). */
    private final Linear[] adapters;

    MultiAdapterLinear(Linear base, Linear[] adapters) {
        this.base = base;
        this.adapters = adapters;
    }

    @Override
    public int inFeatures() {
        return base.inFeatures();
    }

    @Override
    public int outFeatures() {
        return base.outFeatures();
    }

    @Override
    public void forward(float[] x, int rows, float[] y) {
        base.forward(x, rows, y);
        if (!AdapterRows.ROWS.isBound()) return;
        int[] slots = AdapterRows.ROWS.get();
        if (slots.length != rows) throw new IllegalStateException(slots.length + " adapter slots for " + rows + " rows");
        boolean[] done = new boolean[adapters.length];
        for (int r = 0; r < rows; r++) {
            int slot = slots[r];
            if (slot >= adapters.length) throw new IllegalStateException("adapter slot " + slot + " of " + (adapters.length - 1));
            if (done[slot]) continue;
            done[slot] = true;
            if (adapters[slot] != null) apply(adapters[slot], rowsOf(slots, slot), rows, x, y);
        }
    }

    private void apply(Linear adapter, int[] rows, int total, float[] x, float[] y) {
        int in = base.inFeatures(), out = base.outFeatures(), n = rows.length;
        boolean all = n == total;
        float[] xs = all ? x : gather(x, rows, in);
        float[] ys = all ? y : gather(y, rows, out);
        if (adapter instanceof LoraLinear lora && lora.base() == base) lora.addDelta(xs, n, ys);
        else adapter.forward(xs, n, ys);
        if (!all) for (int i = 0; i < n; i++) System.arraycopy(ys, i * out, y, rows[i] * out, out);
    }

    private static int[] rowsOf(int[] slots, int slot) {
        int n = 0;
        for (int s : slots) if (s == slot) n++;
        int[] rows = new int[n];
        for (int r = 0, i = 0; r < slots.length; r++) if (slots[r] == slot) rows[i++] = r;
        return rows;
    }

    private static float[] gather(float[] a, int[] rows, int width) {
        float[] g = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) System.arraycopy(a, rows[i] * width, g, i * width, width);
        return g;
    }
}
