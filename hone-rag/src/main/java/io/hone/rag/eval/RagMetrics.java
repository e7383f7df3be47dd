package io.hone.rag.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Metrics that tell retrieval failures from reading failures in a RAG run, token-level and without a judge model.
 * Text is compared after SQuAD's answer normalization (lower case, punctuation and the articles a/an/the removed,
 * whitespace collapsed).
 * <ul>
 *   <li><b>context recall</b>: the retrieved context contains a gold answer (as whole tokens);</li>
 *   <li><b>faithfulness</b>: the share of the answer's tokens that occur in the retrieved context (1 = every word of
 *   the answer is supported by the context; an empty answer counts as 1: it claims nothing).</li>
 * </ul>
 * A wrong answer is a <i>retrieval miss</i> when the context lacks every gold answer, else a <i>reading miss</i>.
 */
public final class RagMetrics {
    private static final Pattern PUNCT = Pattern.compile("\\p{Punct}|[\\u2018\\u2019\\u201C\\u201D]");
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");

    private RagMetrics() {
    }

    /** One example: its retrieved context, gold answers, the model's answer, and whether the answer scored as right. */
    public record Case(String context, List<String> golds, String answer, boolean correct) {
    }

    /** Means over the cases, and the wrong answers split by cause. */
    public record Summary(int cases, double contextRecall, double faithfulness, int wrong, int retrievalMisses, int readingMisses) {
        public String line(int k) {
            return String.format(Locale.ROOT, "rag: context recall@%d %.3f (a gold answer in the retrieved chunks), faithfulness %.3f "
                    + "(answer tokens found in them); %d wrong: %d retrieval misses, %d reading misses", k, contextRecall, faithfulness,
                    wrong, retrievalMisses, readingMisses);
        }
    }

    public static String normalize(String s) {
        String t = PUNCT.matcher(s.toLowerCase(Locale.ROOT)).replaceAll(" ");
        t = ARTICLES.matcher(t).replaceAll(" ");
        return String.join(" ", tokens(t));
    }

    private static List<String> tokens(String normalized) {
        return Arrays.stream(normalized.split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    /** True when a (non-empty) gold answer occurs in the context as whole tokens. */
    public static boolean containsAnswer(String context, List<String> golds) {
        String c = " " + normalize(context) + " ";
        for (String g : golds) {
            String n = normalize(g);
            if (!n.isEmpty() && c.contains(" " + n + " ")) return true;
        }
        return false;
    }

    /** Share of the answer's tokens found in the context; 1 for an empty answer. */
    public static double faithfulness(String answer, String context) {
        List<String> a = tokens(normalize(answer));
        if (a.isEmpty()) return 1;
        Set<String> c = new HashSet<>(tokens(normalize(context)));
        int found = 0;
        for (String w : a) if (c.contains(w)) found++;
        return (double) found / a.size();
    }

    public static Summary summarize(List<Case> cases) {
        double recall = 0, faithful = 0;
        int wrong = 0, retrieval = 0, reading = 0;
        List<Case> all = new ArrayList<>(cases);
        for (Case c : all) {
            boolean found = containsAnswer(c.context(), c.golds());
            if (found) recall++;
            faithful += faithfulness(c.answer(), c.context());
            if (!c.correct()) {
                wrong++;
                if (found) reading++;
                else retrieval++;
            }
        }
        int n = Math.max(1, all.size());
        return new Summary(all.size(), recall / n, faithful / n, wrong, retrieval, reading);
    }
}
