package io.hone.improve.search;

import io.hone.eval.ExampleResult;
import io.hone.eval.metric.Normalization;
import io.hone.eval.task.Example;
import io.hone.improve.RagContext;

/**
 * The metric's feedback on one example as text a reflector can read (GEPA's "feedback function"): what was expected,
 * what came out, and, with retrieval, whether the retrieved context held the answer — which tells a retrieval
 * failure from a reading failure.
 */
public final class Feedback {
    private Feedback() {}

    public static String of(Example grounded, ExampleResult r, boolean right) {
        StringBuilder b = new StringBuilder();
        b.append("Input: ").append(grounded.input().strip()).append('\n');
        b.append("Output: ").append(r.output().strip()).append('\n');
        if (right) return b.append("Feedback: correct.").toString();
        b.append("Feedback: wrong; the expected answer is \"").append(grounded.target()).append("\".");
        String context = grounded.fields().get(RagContext.FIELD);
        if (context != null) {
            b.append(contextHoldsAnswer(context, grounded.target())
                    ? " The retrieved context contains the expected answer: it was there to be read."
                    : " The retrieved context does not contain the expected answer: retrieval missed it.");
        }
        return b.toString();
    }

    /** Whether the normalised answer occurs in the normalised context (context recall of one example). */
    public static boolean contextHoldsAnswer(String context, String answer) {
        String a = Normalization.SQUAD.apply(answer);
        return !a.isEmpty() && (" " + Normalization.SQUAD.apply(context) + " ").contains(" " + a + " ");
    }
}
