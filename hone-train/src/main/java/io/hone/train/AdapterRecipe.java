package io.hone.train;

import java.util.Locale;

/**
 * The defaults an adapter method trains with when the user does not say otherwise: PEFT's usual LoRA setting, and the
 * QLoRA paper's ({@code qlora.py}: r=64, α=16, max grad norm 0.3, constant schedule). {@code hone finetune} and
 * {@code hone improve} both take them from here.
 */
public record AdapterRecipe(int rank, double alpha, String schedule, double maxGradNorm) {
    public static final AdapterRecipe LORA = new AdapterRecipe(16, 32, "linear", 1.0);
    public static final AdapterRecipe QLORA = new AdapterRecipe(64, 16, "constant", 0.3);

    public static AdapterRecipe of(boolean qlora) {
        return qlora ? QLORA : LORA;
    }

    /** e.g. {@code r=64 α=16}. */
    public String shape() {
        return String.format(Locale.ROOT, "r=%d α=%s", rank, alpha == Math.rint(alpha) ? String.valueOf((long) alpha) : String.valueOf(alpha));
    }
}
