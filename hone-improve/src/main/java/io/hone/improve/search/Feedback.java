package io.hone.improve.search;

import io.hone.eval.ExampleResult;
import io.hone.eval.task.Example;
import io.hone.improve.RagContext;
import io.hone.rag.eval.RagMetrics;

import java.util.Locale;

/**
 * The metric's feedback on one example as text a reflector can read (GEPA's "feedback function"): what was expected,
 * what came out, and, with retrieval, whether the retrieved context held the answer — which tells a retrieval
 * failure from a reading failure. As {@code hone eval --rag} decides it ({@link RagMetrics}): when the task row names
 * its source document ({@code "doc"}), whether a retrieved chunk came from it; otherwise whether the context holds
 * the expected answer's words (at least {@link RagMetrics#HIT} of its tokens, after SQuAD normalisation).
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
            var s = RagMetrics.score(new RagMetrics.Case(context, RagContext.retrievedDocs(grounded), grounded.targets(), grounded.docs(),
                    r.output(), false));
            String docs = String.join(", ", grounded.docs());
            if (s.docHit() != null) {
                b.append(s.docHit()
                        ? " The retrieved context includes the answer's source document (" + docs + "): it was there to be read."
                        : " The retrieved context does not include the answer's source document (" + docs + "): retrieval missed it.");
            } else {
                b.append(s.answerHit()
                        ? " The retrieved context contains the expected answer: it was there to be read."
                        : String.format(Locale.ROOT, " The retrieved context does not contain the expected answer (%.0f%% of its words): retrieval missed it.",
                                100 * s.answerRecall()));
            }
        }
        return b.toString();
    }
}
