package io.hone.improve.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A deterministic catalogue of fictional products: names no model has seen, with attributes whose values can only be
 * known from the catalogue's documents. The quickstart demo asks questions about one catalogue (seed
 * {@link #DEMO_SEED}); the bundled base model was pretrained on others ({@link #writeCorpus}), so it learned the
 * format and to copy from a context, never the demo's facts.
 *
 * <p>No dependencies, so the corpus can be written without a build: {@code java Catalogue.java corpus|answers OUT.jsonl N [SEED]}.
 */
public final class Catalogue {
    public static final long DEMO_SEED = 2026;
    public static final String RAG_TEMPLATE = "Context: {context}\nQuestion: {input}\nAnswer:";

    public record Product(String name, String category, int priceUsd, String color, double weightKg, int warrantyYears, String madeIn) {
        /** The product's page: one paragraph. */
        public String document() {
            return name + " is a " + color + " " + category + " made in " + madeIn + ". Price: $" + priceUsd + ". Weight: "
                    + weightKg + " kg. Warranty: " + warrantyYears + " years.";
        }

        public String fileName() {
            return name.toLowerCase().replace(' ', '-') + ".md";
        }
    }

    /** A question about one attribute, with the exact answer string. */
    public record Question(String product, String attribute, String question, String answer) {}

    static final String[] SYL = {"zor", "bla", "qui", "vex", "tam", "rol", "nex", "mip", "dra", "kel", "fon", "lu", "pra", "sto", "gri", "wen", "ox", "ya", "cru", "bel"};
    static final String[] CATEGORIES = {"kettle", "lamp", "backpack", "drone", "blender", "speaker", "tent", "scooter", "camera", "keyboard"};
    static final String[] COLORS = {"red", "blue", "green", "black", "white", "orange", "purple", "yellow", "grey", "teal"};
    static final String[] PLACES = {"Norway", "Chile", "Japan", "Kenya", "Canada", "Italy", "Peru", "Vietnam", "Poland", "Ghana"};

    private Catalogue() {}

    public static List<Product> products(int n, long seed) {
        Random r = new Random(seed);
        Set<String> names = new LinkedHashSet<>();
        List<Product> out = new ArrayList<>();
        while (out.size() < n) {
            String name = cap(SYL[r.nextInt(SYL.length)] + SYL[r.nextInt(SYL.length)] + SYL[r.nextInt(SYL.length)]) + " " + (100 + r.nextInt(900));
            if (!names.add(name)) continue;
            out.add(new Product(name, CATEGORIES[r.nextInt(CATEGORIES.length)], 10 + r.nextInt(990),
                    COLORS[r.nextInt(COLORS.length)], (5 + r.nextInt(95)) / 10.0, 1 + r.nextInt(5), PLACES[r.nextInt(PLACES.length)]));
        }
        return out;
    }

    public static List<Question> questions(Product p) {
        return List.of(
                new Question(p.name(), "price", "How much does the " + p.name() + " cost?", "$" + p.priceUsd()),
                new Question(p.name(), "color", "What color is the " + p.name() + "?", p.color()),
                new Question(p.name(), "weight", "How heavy is the " + p.name() + "?", p.weightKg() + " kg"),
                new Question(p.name(), "warranty", "How many years of warranty does the " + p.name() + " have?", p.warrantyYears() + " years"),
                new Question(p.name(), "origin", "Where is the " + p.name() + " made?", p.madeIn()));
    }

    /** The demo catalogue of seed 0 (see {@link #writeDemo(int, long, Path, Path)}). */
    public static void writeDemo(int nProducts, Path docs, Path task) {
        writeDemo(nProducts, 0, docs, task);
    }

    /** The catalogue seed of demo seed {@code seed}: seed 0 is {@link #DEMO_SEED}, never a pretraining corpus's seed. */
    public static long demoSeed(long seed) {
        return DEMO_SEED + 1000 * seed;
    }

    /**
     * The demo: one text page per product category under {@code docs} (a paragraph per product, blank lines between),
     * and the task JSONL (all questions, shuffled). Answers follow the shop's support format,
     * {@code "<value> (<attribute>)"} (e.g. {@code $870 (price)}), which the base model never produces on its own: it
     * was pretrained to answer with the bare value. So the facts are only in the documents, the format has to be
     * learned (from demos, an instruction or fine-tuning), and retrieval settings matter: a category page holds
     * several products, and whole pages make contexts longer than the model's 512 positions. Each question names its
     * product's page as {@code "doc"} (e.g. {@code kettles.txt}), for gold-document recall.
     */
    public static void writeDemo(int nProducts, long seed, Path docs, Path task) {
        long s = demoSeed(seed);
        List<Product> ps = products(nProducts, s);
        List<String[]> qs = new ArrayList<>();
        for (Product p : ps) for (Question q : questions(p)) qs.add(new String[] {q.question(), q.answer() + " (" + q.attribute() + ")", page(p)});
        java.util.Collections.shuffle(qs, new Random(s));
        try {
            Files.createDirectories(docs);
            java.util.Map<String, StringBuilder> pages = new java.util.TreeMap<>();
            for (Product p : ps) {
                StringBuilder page = pages.computeIfAbsent(page(p), c -> new StringBuilder());
                page.append(page.isEmpty() ? "" : "\n").append(p.document()).append('\n');
            }
            for (var e : pages.entrySet()) Files.writeString(docs.resolve(e.getKey()), e.getValue().toString(), StandardCharsets.UTF_8);
            if (task.getParent() != null) Files.createDirectories(task.getParent());
            try (BufferedWriter w = Files.newBufferedWriter(task, StandardCharsets.UTF_8)) {
                for (String[] q : qs) w.write("{\"input\": " + json(q[0]) + ", \"target\": " + json(q[1]) + ", \"doc\": " + json(q[2]) + "}\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file name of the product's category page in the demo's docs. */
    static String page(Product p) {
        return p.category() + "s.txt";
    }

    /**
     * Pretraining text for the base model, from catalogues other than the demo's: {@code Context: <doc>\nQuestion:
     * ...\nAnswer: ...} with the product's page (half of the time alone, a fifth of the time next to a distractor page)
     * and the rest without context, as {@code {"text"}} JSONL.
     */
    public static void writeCorpus(Path out, int samples, long seed) {
        writeCorpus(out, samples, seed, false);
    }

    /**
     * As {@link #writeCorpus(Path, int, long)}; {@code answersOnly}: as {@code {"prompt", "completion"}} rows so that
     * fine-tuning learns from the answer tokens alone (the copying signal, a few percent of the text otherwise), and
     * every row has a context (the product's page, two times in seven next to a distractor page): an answer without
     * one is a guess at a random fact, which would only teach the model to guess.
     */
    public static void writeCorpus(Path out, int samples, long seed, boolean answersOnly) {
        if (seed == DEMO_SEED) throw new IllegalArgumentException("the corpus must not use the demo catalogue's seed");
        Random r = new Random(seed);
        List<Product> ps = products(20_000, seed);
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (int i = 0; i < samples; i++) {
                Product p = ps.get(r.nextInt(ps.size()));
                Question q = questions(p).get(r.nextInt(5));
                double u = answersOnly ? 0.7 * r.nextDouble() : r.nextDouble();
                String text;
                if (u < 0.5) {
                    text = "Context: " + p.document() + "\n";
                } else if (u < 0.7) {
                    Product d = ps.get(r.nextInt(ps.size()));
                    text = "Context: " + (r.nextBoolean() ? p.document() + "\n" + d.document() : d.document() + "\n" + p.document()) + "\n";
                } else {
                    text = "";
                }
                text += "Question: " + q.question() + "\nAnswer:";
                w.write(answersOnly ? "{\"prompt\": " + json(text) + ", \"completion\": " + json(" " + q.answer()) + "}\n"
                        : "{\"text\": " + json(text + " " + q.answer()) + "}\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The preference-tuning demo, from catalogue {@code seed}: training pairs and validation pairs (products disjoint),
     * and a held-out generation task over a third set of products. Each prompt is {@link #RAG_TEMPLATE} with the product's
     * page (two times in seven next to a distractor page); chosen is the answer in the support format
     * ({@code " $870 (price)"}); rejected is, alternately, the bare value the base model was pretrained to give
     * ({@code " $870"}) and another value from the same page given as the asked attribute ({@code " 4.9 kg (price)"}).
     * The task lines carry the page as {@code context} for the same template; the prompt file is that template.
     */
    public static void writePreferences(Path dir, int trainPairs, int valPairs, int heldOut, long seed) {
        Random r = new Random(seed);
        List<Product> ps = products(trainPairs + valPairs + heldOut, seed);
        try {
            Files.createDirectories(dir);
            try (BufferedWriter train = Files.newBufferedWriter(dir.resolve("prefs.jsonl"), StandardCharsets.UTF_8);
                 BufferedWriter val = Files.newBufferedWriter(dir.resolve("prefs-val.jsonl"), StandardCharsets.UTF_8);
                 BufferedWriter task = Files.newBufferedWriter(dir.resolve("held-out.jsonl"), StandardCharsets.UTF_8)) {
                for (int i = 0; i < ps.size(); i++) {
                    Product p = ps.get(i);
                    Question q = questions(p).get(r.nextInt(5));
                    Product other = ps.get((i + 1 + r.nextInt(ps.size() - 1)) % ps.size());
                    boolean distractor = r.nextInt(7) < 2;
                    String context = !distractor ? p.document() : r.nextBoolean() ? p.document() + "\n" + other.document() : other.document() + "\n" + p.document();
                    String chosen = " " + q.answer() + " (" + q.attribute() + ")";
                    List<Question> others = questions(p).stream().filter(o -> !o.attribute().equals(q.attribute())).toList();
                    String wrong = others.get(r.nextInt(others.size())).answer();
                    String rejected = i % 2 == 0 ? " " + q.answer() : " " + wrong + " (" + q.attribute() + ")";
                    if (i < trainPairs + valPairs) {
                        String prompt = RAG_TEMPLATE.replace("{context}", context).replace("{input}", q.question());
                        (i < trainPairs ? train : val).write("{\"prompt\": " + json(prompt) + ", \"chosen\": " + json(chosen) + ", \"rejected\": " + json(rejected) + "}\n");
                    } else {
                        task.write("{\"input\": " + json(q.question()) + ", \"context\": " + json(context) + ", \"target\": " + json(chosen.strip()) + "}\n");
                    }
                }
            }
            Files.writeString(dir.resolve("prompt.json"), "{\"mode\": \"completion\", \"instruction\": \"\", \"template\": " + json(RAG_TEMPLATE) + ", \"demos\": []}\n",
                    StandardCharsets.UTF_8);
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

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** {@code corpus OUT N [SEED]}, {@code answers OUT N [SEED]}, {@code demo N DOCS TASK [SEED]} or {@code prefs DIR TRAIN VAL HELD [SEED]}. */
    public static void main(String[] a) {
        switch (a[0]) {
            case "corpus" -> writeCorpus(Path.of(a[1]), Integer.parseInt(a[2]), a.length > 3 ? Long.parseLong(a[3]) : 7, false);
            case "answers" -> writeCorpus(Path.of(a[1]), Integer.parseInt(a[2]), a.length > 3 ? Long.parseLong(a[3]) : 8, true);
            case "demo" -> writeDemo(Integer.parseInt(a[1]), a.length > 4 ? Long.parseLong(a[4]) : 0, Path.of(a[2]), Path.of(a[3]));
            case "prefs" -> writePreferences(Path.of(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3]), Integer.parseInt(a[4]),
                    a.length > 5 ? Long.parseLong(a[5]) : 31);
            default -> throw new IllegalArgumentException("corpus OUT N [SEED] | answers OUT N [SEED] | demo N DOCS TASK [SEED] | prefs DIR TRAIN VAL HELD [SEED]");
        }
    }
}
