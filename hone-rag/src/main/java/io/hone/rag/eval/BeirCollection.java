package io.hone.rag.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hone.core.HoneException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A BEIR-layout test collection: {@code corpus.jsonl}, {@code queries.jsonl}, {@code qrels/<split>.tsv}. */
public record BeirCollection(Path dir, Map<String, String> queries, Map<String, Map<String, Integer>> qrels) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Path corpus() {
        return dir.resolve("corpus.jsonl");
    }

    /** Loads the queries that have judgements in {@code qrels/<split>.tsv}, in qrels order. */
    public static BeirCollection load(Path dir, String split) {
        if (!Files.isDirectory(dir)) throw new HoneException(dir + ": dataset directory not found");
        Path qrelsFile = dir.resolve("qrels").resolve(split + ".tsv");
        Path queriesFile = dir.resolve("queries.jsonl");
        for (Path p : new Path[]{dir.resolve("corpus.jsonl"), queriesFile, qrelsFile}) {
            if (!Files.isRegularFile(p)) throw new HoneException(p + ": not found (expected the BEIR layout: corpus.jsonl, queries.jsonl, qrels/" + split + ".tsv)");
        }
        Map<String, Map<String, Integer>> qrels = readQrels(qrelsFile);
        Map<String, String> all = readQueries(queriesFile);
        Map<String, String> queries = new LinkedHashMap<>();
        for (String qid : qrels.keySet()) {
            String text = all.get(qid);
            if (text == null) throw new HoneException(qrelsFile + ": query " + qid + " is not in " + queriesFile.getFileName());
            queries.put(qid, text);
        }
        return new BeirCollection(dir, queries, qrels);
    }

    static Map<String, Map<String, Integer>> readQrels(Path file) {
        Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) continue;
                String[] f = line.strip().split("\\s+");
                if (n == 1 && f[0].equals("query-id")) continue; // header
                if (f.length != 3 && f.length != 4) throw new HoneException(file + ":" + n + ": expected 'query-id corpus-id score'");
                try {
                    int rel = Integer.parseInt(f[f.length - 1]);
                    qrels.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).put(f[f.length - 2], rel);
                } catch (NumberFormatException e) {
                    throw new HoneException(file + ":" + n + ": score '" + f[f.length - 1] + "' is not an integer");
                }
            }
        } catch (IOException e) {
            throw new HoneException(file + ": cannot read: " + e.getMessage(), e);
        }
        return qrels;
    }

    static Map<String, String> readQueries(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) continue;
                JsonNode q;
                try {
                    q = JSON.readTree(line);
                } catch (IOException e) {
                    throw new HoneException(file + ":" + n + ": not JSON");
                }
                JsonNode id = q.has("_id") ? q.get("_id") : q.get("id");
                if (id == null || !q.hasNonNull("text")) throw new HoneException(file + ":" + n + ": needs \"_id\" and \"text\"");
                out.put(id.asText(), q.get("text").asText());
            }
        } catch (IOException e) {
            throw new HoneException(file + ": cannot read: " + e.getMessage(), e);
        }
        return out;
    }
}
