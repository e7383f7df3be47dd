package io.hone.rag.eval;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Metrics that tell retrieval failures from reading failures in a RAG run, token-level and without a judge model.
 * Text is compared after SQuAD's answer normalization (lower case, punctuation and the articles a/an/the removed,
 * whitespace collapsed), then as tokens.
 * <ul>
 *   <li><b>answer-token recall</b> of one example: the share of a gold answer's distinct tokens that occur in the
 *   retrieved context (the best gold answer when there are several). A formatted answer ({@code $870 (price)}) is found
 *   in a page that words it otherwise ({@code Price: $870.}): both are the tokens {@code 870} and {@code price}.</li>
 *   <li><b>context recall@k</b>: the share of examples whose context <i>holds</i> a gold answer: an answer-token recall
 *   of at least {@link #HIT} (0.8: every token of an answer of up to four tokens, all but one of five to nine).</li>
 *   <li><b>gold-document recall@k</b>, for examples whose task row names its source document(s) ({@code "doc"}: a
 *   document id or a list of them, as the index names documents: a file's path relative to the indexed folder, a PDF
 *   page's {@code path#page=N}, a JSONL corpus line's {@code _id}): the share whose retrieved chunks include one.</li>
 *   <li><b>faithfulness</b>: the share of the answer's tokens that occur in the retrieved context (1 = every word of
 *   the answer is supported by the context; an empty answer counts as 1: it claims nothing).</li>
 * </ul>
 * A wrong answer is a <i>retrieval miss</i> when the context missed it, else a <i>reading miss</i>: missed = no gold
 * document retrieved when the row names one, else no gold answer held.
 */
public final class RagMetrics {
    /** The answer-token recall at which a context holds the answer. */
    public static final double HIT = 0.8;

    private static final Pattern PUNCT = Pattern.compile("\\p{Punct}|[\\u2018\\u2019\\u201C\\u201D]");
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");

    private RagMetrics() {
    }

    /**
     * One example: its retrieved context and the ids of the documents it came from, the gold answers and gold documents
     * (empty: the row names none), the model's answer, and whether the answer scored as right.
     */
    public record Case(String context, Collection<String> retrievedDocs, List<String> golds, Collection<String> goldDocs,
                       String answer, boolean correct) {
        public Case {
            retrievedDocs = Set.copyOf(retrievedDocs);
            golds = List.copyOf(golds);
            goldDocs = Set.copyOf(goldDocs);
        }
    }

    /** One example's figures; {@code docHit} null when the row names no document; {@code miss}: retrieval, reading or null (right). */
    public record Scored(double answerRecall, boolean answerHit, Boolean docHit, double faithfulness, String miss) {
    }

    /** Means over the cases ({@code docRecall} over the {@code docCases} that name a document; NaN when none), and the wrong answers split by cause. */
    public record Summary(int cases, double answerRecall, double contextRecall, int docCases, double docRecall, double faithfulness,
                          int wrong, int retrievalMisses, int readingMisses) {
        public String line(int k) {
            String docs = docCases == 0 ? "" : String.format(Locale.ROOT, ", gold-document recall@%d %.3f (%d rows name their document)", k, docRecall, docCases);
            return String.format(Locale.ROOT, "rag: context recall@%d %.3f (a gold answer's tokens, >= %.0f%% of them, in the retrieved chunks; "
                    + "mean answer-token recall %.3f)%s, faithfulness %.3f (answer tokens found in them); %d wrong: %d retrieval misses, %d reading misses",
                    k, contextRecall, 100 * HIT, answerRecall, docs, faithfulness, wrong, retrievalMisses, readingMisses);
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

    /** The best share of a (non-empty) gold answer's distinct tokens found in the context; 0 when every gold is empty. */
    public static double answerRecall(String context, List<String> golds) {
        Set<String> c = new HashSet<>(tokens(normalize(context)));
        double best = 0;
        for (String g : golds) {
            Set<String> a = new LinkedHashSet<>(tokens(normalize(g)));
            if (a.isEmpty()) continue;
            int found = 0;
            for (String w : a) if (c.contains(w)) found++;
            best = Math.max(best, (double) found / a.size());
        }
        return best;
    }

    /** True when the context holds a gold answer: an answer-token recall of at least {@link #HIT}. */
    public static boolean containsAnswer(String context, List<String> golds) {
        return answerRecall(context, golds) >= HIT;
    }

    /** True when a retrieved document is one of the gold ones (ids compared as given, surrounding blanks aside). */
    public static boolean containsDoc(Collection<String> retrievedDocs, Collection<String> goldDocs) {
        Set<String> r = new HashSet<>();
        for (String d : retrievedDocs) r.add(d.strip());
        for (String g : goldDocs) if (r.contains(g.strip())) return true;
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

    public static Scored score(Case c) {
        double recall = answerRecall(c.context(), c.golds());
        boolean hit = recall >= HIT;
        Boolean docHit = c.goldDocs().isEmpty() ? null : containsDoc(c.retrievedDocs(), c.goldDocs());
        boolean retrieved = docHit != null ? docHit : hit;
        String miss = c.correct() ? null : retrieved ? "reading" : "retrieval";
        return new Scored(recall, hit, docHit, faithfulness(c.answer(), c.context()), miss);
    }

    public static Summary summarize(List<Case> cases) {
        double recall = 0, hits = 0, docs = 0, faithful = 0;
        int docCases = 0, wrong = 0, retrieval = 0, reading = 0;
        for (Case c : cases) {
            Scored s = score(c);
            recall += s.answerRecall();
            if (s.answerHit()) hits++;
            if (s.docHit() != null) {
                docCases++;
                if (s.docHit()) docs++;
            }
            faithful += s.faithfulness();
            if (s.miss() != null) {
                wrong++;
                if (s.miss().equals("retrieval")) retrieval++;
                else reading++;
            }
        }
        int n = Math.max(1, cases.size());
        return new Summary(cases.size(), recall / n, hits / n, docCases, docCases == 0 ? Double.NaN : docs / docCases, faithful / n,
                wrong, retrieval, reading);
    }
}
