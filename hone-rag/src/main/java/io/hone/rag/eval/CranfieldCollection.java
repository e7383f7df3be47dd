package io.hone.rag.eval;

import io.hone.core.HoneException;
import io.hone.core.io.AtomicFile;
import io.hone.core.io.JsonFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Cranfield collection in its original SMART files ({@code cran.all.1400}, {@code cran.qry}, {@code cranqrel}) as a
 * {@link BeirCollection}. Two quirks of the release are handled as everyone handles them: {@code cranqrel} numbers the
 * 225 queries 1..225 in file order, not by the {@code .I} numbers of {@code cran.qry} (001, 002, 004, ...); and its
 * relevance codes run the wrong way for graded metrics (1 = a complete answer ... 4 = minimum interest), so the gain
 * is 5 − code (4..1); the 225 rows with code {@code -1} (one per query) are not relevant. A document is its {@code .T} title and {@code .W} text.
 */
public final class CranfieldCollection {
    static final String DOCS = "cran.all.1400", QUERIES = "cran.qry", QRELS = "cranqrel";

    private CranfieldCollection() {}

    public static boolean isCranfield(Path dir) {
        return Files.isRegularFile(dir.resolve(DOCS)) && Files.isRegularFile(dir.resolve(QRELS));
    }

    /** The collection, with its corpus converted once to {@code corpus.jsonl} in {@code cacheRoot} (keyed by content). */
    public static BeirCollection load(Path dir, Path cacheRoot) {
        List<Record> docs = smart(dir.resolve(DOCS));
        List<Record> queries = smart(dir.resolve(QUERIES));
        Map<String, String> queryText = new LinkedHashMap<>();
        for (int i = 0; i < queries.size(); i++) queryText.put(String.valueOf(i + 1), queries.get(i).field("W"));
        Map<String, Map<String, Integer>> qrels = qrels(dir.resolve(QRELS), queryText.size(), docs.size());
        Map<String, String> judged = new LinkedHashMap<>();
        for (String q : qrels.keySet()) judged.put(q, queryText.get(q));
        StringBuilder corpus = new StringBuilder();
        for (Record d : docs) {
            var o = JsonFile.MAPPER.createObjectNode().put("_id", d.id()).put("title", d.field("T")).put("text", d.field("W"));
            corpus.append(o).append('\n');
        }
        byte[] bytes = corpus.toString().getBytes(StandardCharsets.UTF_8);
        Path out = cacheRoot.resolve("hone-cranfield-" + sha256(bytes).substring(0, 16));
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new HoneException(out + ": cannot create (" + e.getMessage() + ")", e);
        }
        Path file = out.resolve("corpus.jsonl");
        if (!Files.isRegularFile(file)) AtomicFile.write(file, bytes);
        return new BeirCollection(out, judged, qrels);
    }

    record Record(String id, Map<String, String> fields, int line) {
        String field(String f) {
            return fields.getOrDefault(f, "").strip().replaceAll("\\s+", " ");
        }
    }

    /** {@code .I id} starts a record; {@code .T .A .B .W} start its fields. */
    static List<Record> smart(Path file) {
        List<String> lines = readLines(file);
        List<Record> out = new ArrayList<>();
        Map<String, String> fields = null;
        StringBuilder text = null;
        String id = null, field = null;
        int start = 0;
        for (int n = 0; n <= lines.size(); n++) {
            String line = n < lines.size() ? lines.get(n).replace("\r", "") : ".I";
            boolean marker = line.startsWith(".") && line.length() >= 2 && (line.length() == 2 || line.charAt(2) == ' ')
                    && "ITABW".indexOf(line.charAt(1)) >= 0;
            if (!marker) {
                if (text == null) throw new HoneException(file + ":" + (n + 1) + ": text before the first .I record");
                text.append(line).append('\n');
                continue;
            }
            if (field != null) fields.put(field, text.toString());
            field = null;
            if (line.charAt(1) == 'I') {
                if (id != null) out.add(new Record(id, fields, start));
                if (n == lines.size()) break;
                id = line.substring(2).strip();
                if (id.isEmpty()) throw new HoneException(file + ":" + (n + 1) + ": .I without an id");
                fields = new LinkedHashMap<>();
                start = n + 1;
                text = new StringBuilder();
            } else {
                if (fields == null) throw new HoneException(file + ":" + (n + 1) + ": " + line.substring(0, 2) + " before the first .I record");
                field = line.substring(1, 2);
                text = new StringBuilder(line.length() > 2 ? line.substring(3) + "\n" : "");
            }
        }
        if (out.isEmpty()) throw new HoneException(file + ": no .I records (expected the SMART format)");
        return out;
    }

    static Map<String, Map<String, Integer>> qrels(Path file, int queries, int docs) {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        List<String> lines = readLines(file);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) continue;
            String[] f = line.split("\\s+");
            String where = file + ":" + (n + 1) + ": ";
            if (f.length != 3) throw new HoneException(where + "expected 'query doc code'");
            int q, d, code;
            try {
                q = Integer.parseInt(f[0]);
                d = Integer.parseInt(f[1]);
                code = Integer.parseInt(f[2]);
            } catch (NumberFormatException e) {
                throw new HoneException(where + "expected three integers, got '" + line + "'");
            }
            if (q < 1 || q > queries) throw new HoneException(where + "query " + q + " is not in 1.." + queries);
            if (d < 1 || d > docs) throw new HoneException(where + "document " + d + " is not in 1.." + docs);
            if (code < 1 || code > 4) continue; // -1: of no interest
            out.computeIfAbsent(String.valueOf(q), k -> new LinkedHashMap<>()).put(String.valueOf(d), 5 - code);
        }
        return out;
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HoneException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
