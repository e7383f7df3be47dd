package io.hone.rag.ingest;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a document into chunks of at most {@code maxTokens} tokens. Boundaries fall between
 * paragraphs when they can, else between sentences, else between words; consecutive chunks share
 * about {@code overlapTokens} tokens of trailing sentences so a fact cut at a boundary is whole in one of them.
 */
public final class Chunker {
    private final int maxTokens;
    private final int overlapTokens;
    private final TokenCounter counter;

    public Chunker(int maxTokens, int overlapTokens, TokenCounter counter) {
        if (maxTokens < 8) throw new IllegalArgumentException("chunk size must be >= 8 tokens, got " + maxTokens);
        if (overlapTokens < 0 || overlapTokens >= maxTokens / 2) {
            throw new IllegalArgumentException("chunk overlap must be in [0, " + (maxTokens / 2) + "), got " + overlapTokens);
        }
        this.maxTokens = maxTokens;
        this.overlapTokens = overlapTokens;
        this.counter = counter;
    }

    public int maxTokens() {
        return maxTokens;
    }

    public int overlapTokens() {
        return overlapTokens;
    }

    public List<Chunk> chunk(Document doc) {
        List<Chunk> out = new ArrayList<>();
        String text = doc.text().strip();
        if (text.isEmpty()) return out;
        if (counter.count(text) <= maxTokens) {
            out.add(new Chunk(doc.id(), 0, doc.title(), text, doc.source(), doc.page()));
            return out;
        }
        List<Unit> units = units(text);
        List<Unit> current = new ArrayList<>();
        int tokens = 0;
        for (Unit u : units) {
            if (tokens + u.tokens > maxTokens && !current.isEmpty()) {
                out.add(make(doc, out.size(), current));
                current = u.paragraphStart ? new ArrayList<>() : overlapTail(current);
                tokens = current.stream().mapToInt(x -> x.tokens).sum();
                if (tokens + u.tokens > maxTokens) { // the overlap would not leave room: drop it
                    current.clear();
                    tokens = 0;
                }
            }
            current.add(u);
            tokens += u.tokens;
        }
        if (!current.isEmpty()) out.add(make(doc, out.size(), current));
        return out;
    }

    private List<Unit> overlapTail(List<Unit> units) {
        List<Unit> tail = new ArrayList<>();
        int tokens = 0;
        for (int i = units.size() - 1; i >= 0; i--) {
            Unit u = units.get(i);
            if (tokens + u.tokens > overlapTokens) break;
            tail.addFirst(u);
            tokens += u.tokens;
            if (u.paragraphStart) break; // overlap never reaches back into the previous paragraph
        }
        return tail;
    }

    private static Chunk make(Document doc, int ordinal, List<Unit> units) {
        StringBuilder sb = new StringBuilder();
        for (Unit u : units) {
            if (!sb.isEmpty()) sb.append(u.paragraphStart ? "\n\n" : " ");
            sb.append(u.text);
        }
        return new Chunk(doc.id(), ordinal, doc.title(), sb.toString(), doc.source(), doc.page());
    }

    /** Sentences (split further into word runs when a sentence alone exceeds the budget), in order. */
    private List<Unit> units(String text) {
        List<Unit> units = new ArrayList<>();
        for (String para : text.split("\\n\\s*\\n")) {
            String p = para.strip().replaceAll("\\s+", " ");
            if (p.isEmpty()) continue;
            boolean first = true;
            for (String sentence : sentences(p)) {
                int n = counter.count(sentence);
                if (n <= maxTokens) {
                    units.add(new Unit(sentence, n, first));
                    first = false;
                    continue;
                }
                for (String piece : wordRuns(sentence)) {
                    units.add(new Unit(piece, counter.count(piece), first));
                    first = false;
                }
            }
        }
        return units;
    }

    private static List<String> sentences(String paragraph) {
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
        it.setText(paragraph);
        List<String> out = new ArrayList<>();
        for (int start = it.first(), end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            String s = paragraph.substring(start, end).strip();
            if (!s.isEmpty()) out.add(s);
        }
        return out;
    }

    private List<String> wordRuns(String sentence) {
        List<String> out = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        int tokens = 0;
        for (String word : sentence.split(" ")) {
            int n = counter.count(word);
            if (tokens + n > maxTokens && !run.isEmpty()) {
                out.add(run.toString());
                run.setLength(0);
                tokens = 0;
            }
            if (!run.isEmpty()) run.append(' ');
            run.append(word);
            tokens += n;
        }
        if (!run.isEmpty()) out.add(run.toString());
        return out;
    }

    private record Unit(String text, int tokens, boolean paragraphStart) {
    }
}
