package io.hone.eval.icl;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A synthetic world where the answer's <em>format</em> is ambiguous without context and fixed by it, for a model
 * on which prompt optimization can genuinely help. Three kinds of number question, each answerable in three
 * styles:
 *
 * <pre>
 * kind   question                          bare  sentence            restated
 * add    What is 7 plus 5?                 12    The answer is 12.   7 plus 5 equals 12.
 * after  What number comes after 41?       42    The answer is 42.   After 41 comes 42.
 * before What number comes before 41?      40    The answer is 40.   Before 41 comes 40.
 * </pre>
 *
 * A pretraining document is an optional instruction naming its style, then 1–{@value #MAX_ITEMS} questions of random
 * kinds, laid out as hone renders a completion prompt ({@code Question: ...\nAnswer: ...} items separated by a blank
 * line, the instruction before a blank line). One style holds for the whole document; it is drawn from the
 * <em>first</em> question's kind: {@value #DEFAULT_P} for that kind's habitual style (add → bare, after → sentence,
 * before → restated), the rest split evenly. So with no context the model answers each kind in its habit, and
 * with answered examples or an instruction it answers in theirs: in-context format following.
 *
 * <p>The task ({@link #writeTask}) asks the three kinds equally often, bare targets, from its own seed; zero-shot
 * therefore gets roughly the add third right, and demos or the right instruction can fix the rest.
 *
 * <p>No dependencies: {@code java AnswerStyles.java answers OUT.jsonl N SEED [MAX_ITEMS] | task OUT.jsonl PER_KIND SEED}.
 */
public final class AnswerStyles {
    public enum Kind { ADD, AFTER, BEFORE }

    public enum Style { BARE, SENTENCE, RESTATED }

    static final int MAX_ITEMS = 7;
    static final double DEFAULT_P = 0.6;
    static final int MAX_N = 99;

    /** Instructions that open a pretraining document of each style (two phrasings each). */
    static final List<List<String>> INSTRUCTIONS = List.of(
            List.of("Answer with the number only.", "Reply with just the number."),
            List.of("Answer in a full sentence.", "Reply with a complete sentence."),
            List.of("Repeat the question in your answer.", "Restate the question, then give the answer."));

    public record Question(Kind kind, int a, int b) {
        public String text() {
            return switch (kind) {
                case ADD -> "What is " + a + " plus " + b + "?";
                case AFTER -> "What number comes after " + a + "?";
                case BEFORE -> "What number comes before " + a + "?";
            };
        }

        public int value() {
            return switch (kind) {
                case ADD -> a + b;
                case AFTER -> a + 1;
                case BEFORE -> a - 1;
            };
        }

        public String answer(Style s) {
            int v = value();
            return switch (s) {
                case BARE -> String.valueOf(v);
                case SENTENCE -> "The answer is " + v + ".";
                case RESTATED -> switch (kind) {
                    case ADD -> a + " plus " + b + " equals " + v + ".";
                    case AFTER -> "After " + a + " comes " + v + ".";
                    case BEFORE -> "Before " + a + " comes " + v + ".";
                };
            };
        }

        public Style habit() {
            return Style.values()[kind.ordinal()];
        }
    }

    private AnswerStyles() {}

    /** Every question there is: add with a, b in 1..9; after n in 0..98; before n in 1..99. */
    public static List<Question> all(Kind k) {
        List<Question> out = new ArrayList<>();
        switch (k) {
            case ADD -> { for (int a = 1; a <= 9; a++) for (int b = 1; b <= 9; b++) out.add(new Question(k, a, b)); }
            case AFTER -> { for (int n = 0; n < MAX_N; n++) out.add(new Question(k, n, 0)); }
            case BEFORE -> { for (int n = 1; n <= MAX_N; n++) out.add(new Question(k, n, 0)); }
        }
        return out;
    }

    static Question random(Random r) {
        List<Question> pool = all(Kind.values()[r.nextInt(3)]);
        return pool.get(r.nextInt(pool.size()));
    }

    static Style style(Kind first, Random r) {
        if (r.nextDouble() < DEFAULT_P) return Style.values()[first.ordinal()];
        int other = r.nextInt(2);
        return Style.values()[(first.ordinal() + 1 + other) % 3];
    }

    /** One pretraining document. */
    public static String document(Random r) {
        String[] pc = promptAndAnswer(r, MAX_ITEMS);
        return pc[0] + " " + pc[1];
    }

    /** A document of 1..{@code maxItems} questions split before its last answer: {prompt ending in "Answer:", answer}. */
    static String[] promptAndAnswer(Random r, int maxItems) {
        int n = 1 + r.nextInt(maxItems);
        List<Question> qs = new ArrayList<>();
        for (int i = 0; i < n; i++) qs.add(random(r));
        Style s = style(qs.getFirst().kind(), r);
        StringBuilder sb = new StringBuilder();
        if (r.nextBoolean()) sb.append(INSTRUCTIONS.get(s.ordinal()).get(r.nextInt(2))).append("\n\n");
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append("\n\n");
            sb.append("Question: ").append(qs.get(i).text()).append("\nAnswer:");
            if (i < n - 1) sb.append(' ').append(qs.get(i).answer(s));
        }
        return new String[] {sb.toString(), qs.getLast().answer(s)};
    }

    /** Documents as {@code {"prompt","completion"}}: fine-tuning then learns from the last answer's tokens alone. */
    public static void writeAnswers(Path out, int docs, long seed, int maxItems) {
        Random r = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < docs; i++) {
            String[] pc = promptAndAnswer(r, maxItems);
            lines.add("{\"prompt\": " + json(pc[0]) + ", \"completion\": " + json(" " + pc[1]) + "}");
        }
        write(out, lines);
    }

    /** {@code perKind} distinct questions of each kind, shuffled, bare targets, as {@code {"id","input","target"}} JSONL. */
    public static List<Question> task(int perKind, long seed) {
        Random r = new Random(seed);
        List<Question> out = new ArrayList<>();
        for (Kind k : Kind.values()) {
            List<Question> pool = new ArrayList<>(all(k));
            Collections.shuffle(pool, r);
            out.addAll(pool.subList(0, perKind));
        }
        Collections.shuffle(out, r);
        return out;
    }

    public static void writeTask(Path out, int perKind, long seed) {
        List<String> lines = new ArrayList<>();
        List<Question> qs = task(perKind, seed);
        for (int i = 0; i < qs.size(); i++) {
            Question q = qs.get(i);
            lines.add("{\"id\": \"" + q.kind().name().toLowerCase() + "-" + i + "\", \"input\": " + json(q.text())
                    + ", \"target\": " + json(q.answer(Style.BARE)) + "}");
        }
        write(out, lines);
    }

    private static void write(Path out, List<String> lines) {
        try {
            if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
            try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                for (String l : lines) w.write(l + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** {@code answers OUT N SEED [MAX_ITEMS]} (N documents of up to MAX_ITEMS questions) or {@code task OUT PER_KIND SEED}. */
    public static void main(String[] a) {
        if (a.length < 4) throw new IllegalArgumentException("answers OUT N SEED [MAX_ITEMS] | task OUT PER_KIND SEED");
        switch (a[0]) {
            case "answers" -> writeAnswers(Path.of(a[1]), Integer.parseInt(a[2]), Long.parseLong(a[3]),
                    a.length > 4 ? Integer.parseInt(a[4]) : MAX_ITEMS);
            case "task" -> writeTask(Path.of(a[1]), Integer.parseInt(a[2]), Long.parseLong(a[3]));
            default -> throw new IllegalArgumentException("answers OUT N SEED [MAX_ITEMS] | task OUT PER_KIND SEED");
        }
    }
}
