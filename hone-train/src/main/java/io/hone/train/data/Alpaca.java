package io.hone.train.data;

/** The Stanford Alpaca prompt template ({@code train.py} PROMPT_DICT); the output follows "### Response:" directly. */
public final class Alpaca {
    private Alpaca() {}

    public static String prompt(String instruction, String input) {
        if (input == null || input.isEmpty()) {
            return "Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n"
                    + "### Instruction:\n" + instruction + "\n\n### Response:";
        }
        return "Below is an instruction that describes a task, paired with an input that provides further context. "
                + "Write a response that appropriately completes the request.\n\n"
                + "### Instruction:\n" + instruction + "\n\n### Input:\n" + input + "\n\n### Response:";
    }
}
