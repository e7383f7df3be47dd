package io.hone.core.ops;

/**
 * Which adapter each row of a forward pass uses, for a batch that mixes requests for different adapters over one
 * shared base (multi-LoRA serving, as Punica and S-LoRA do): the base GEMM runs once over every row and a
 * {@link Linear} that holds several adapters adds each row's own adapter delta. Slot 0 is the base alone; slot
 * {@code i > 0} is the model's i-th adapter. Unbound, every row is slot 0.
 *
 * <p>The generator binds {@link #SEQUENCES} (one slot per sequence of a prefill or decode call); the model expands it
 * to {@link #ROWS} (one per token row) around its decoder blocks, so the lm head and anything outside never see it.
 */
public final class AdapterRows {
    /** One slot per sequence of the call, in the call's order. */
    public static final ScopedValue<int[]> SEQUENCES = ScopedValue.newInstance();
    /** One slot per row of the activations the linear layers see. */
    public static final ScopedValue<int[]> ROWS = ScopedValue.newInstance();

    private AdapterRows() {}

    /** The per-row slots of a call whose sequence s has rows offset[s]..offset[s+1]; null when {@link #SEQUENCES} is unbound. */
    public static int[] expand(int[] offset) {
        if (!SEQUENCES.isBound()) return null;
        int[] perSequence = SEQUENCES.get();
        int n = offset.length - 1;
        if (perSequence.length != n) throw new IllegalStateException(perSequence.length + " adapter slots for " + n + " sequences");
        int[] rows = new int[offset[n]];
        for (int s = 0; s < n; s++) java.util.Arrays.fill(rows, offset[s], offset[s + 1], perSequence[s]);
        return rows;
    }
}
