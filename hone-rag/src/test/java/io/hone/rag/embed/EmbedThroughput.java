package io.hone.rag.embed;

import io.hone.rag.ingest.JsonlLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Not a test: docs/s of the bundled embedders on SciFact abstracts, by batch size. args: embedder n batch... */
public final class EmbedThroughput {
    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(System.getProperty("hone.data", "../shared/data")).resolve("scifact/corpus.jsonl");
        var docs = new JsonlLoader().load(corpus, "corpus.jsonl", s -> { });
        int n = Integer.parseInt(args[1]);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < n; i++) texts.add(docs.get(i).title() + " " + docs.get(i).text());
        texts.sort(java.util.Comparator.comparingInt(String::length));
        try (Embedder e = Embedders.open(args[0])) {
            e.embedPassages(texts.subList(0, 8));
            for (int a = 2; a < args.length; a++) {
                int batch = Integer.parseInt(args[a]);
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i += batch) e.embedPassages(texts.subList(i, Math.min(n, i + batch)));
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("%s batch %d: %d docs in %.1f s = %.1f docs/s%n", args[0], batch, n, s, n / s);
            }
        }
    }
}
