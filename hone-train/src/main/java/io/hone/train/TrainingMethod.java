package io.hone.train;

import io.hone.core.HoneException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a fine-tuning run trains: a LoRA/DoRA adapter over the base as stored, a QLoRA adapter over the base quantized to
 * 4 bits on load, or every weight. {@code hone finetune --method} and {@code hone bench train --method} take these names.
 */
public enum TrainingMethod {
    LORA, QLORA, FULL;

    /** The name on the command line: {@code lora}, {@code qlora}, {@code full}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean adapter() {
        return this != FULL;
    }

    /** "lora, qlora or full". */
    public static String choices() {
        String all = Arrays.stream(values()).map(TrainingMethod::cliName).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }

    /**
     * The method named {@code name} (any case); otherwise one line: {@code <option> must be <choices><more>, got 'x'}
     * ({@code more}: further names the command takes, e.g. ", dpo, orpo or grpo", or "").
     */
    public static TrainingMethod parse(String name, String option, String more) {
        for (TrainingMethod m : values()) if (m.cliName().equals(name.toLowerCase(Locale.ROOT))) return m;
        String list = more.isEmpty() ? choices() : choices().replace(" or ", ", ") + more;
        throw new HoneException(option + " must be " + list + ", got '" + name + "'");
    }
}
