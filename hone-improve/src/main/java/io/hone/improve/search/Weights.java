package io.hone.improve.search;

import io.hone.core.quant.QuantConfig;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The weights part of a configuration: the base model, or a PEFT adapter trained over it. {@code method} lora or
 * qlora (an NF4 + double-quant base, also at evaluation); {@code stage} how it was trained: {@code sft} (supervised
 * on completions), {@code dpo} (preference pairs) or {@code grpo} (rollouts rewarded by the task metric);
 * {@code data} says what it was trained on (e.g. "labeled train, rendered as c3" or "self-training: c7's accepted
 * samples"); {@code key} identifies the training run (data + hyperparameters + stage), so the same training is never
 * done twice.
 */
public record Weights(String method, String stage, Path adapter, String data, int rank, double lr, int steps, String key) {
    public static final Weights BASE = new Weights("base", "", null, "", 0, 0, 0, "base");
    public static final String SFT = "sft", DPO = "dpo", GRPO = "grpo";

    public boolean tuned() {
        return !"base".equals(method);
    }

    public QuantConfig quant() {
        return "qlora".equals(method) ? QuantConfig.QLORA : null;
    }

    public String label() {
        if (!tuned()) return "base";
        String kind = ("qlora".equals(method) ? "QLoRA" : "LoRA") + (SFT.equals(stage) ? "" : "-" + stage.toUpperCase(Locale.ROOT));
        return String.format(Locale.ROOT, "%s r%d lr %s %d steps on %s", kind, rank, lr, steps, data);
    }
}
