package io.hone.cli.rag;

import io.hone.rag.embed.Embedder;
import io.hone.rag.embed.Embedders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Index files (.txt, .md, .html, .pdf, .jsonl BEIR corpus) into --index DIR or a SolrCloud --collection. Re-running updates only changed files; "
                + "nothing is visible until the single commit at the end, so an interrupted run leaves the previous index intact.")
public final class RagIndexCommand implements Callable<Integer> {
    @Option(names = "--docs", required = true, description = "A file or a folder (walked recursively).")
    Path docs;
    @Mixin
    RagBackend backend;
    @Option(names = "--embedder", defaultValue = Embedders.DEFAULT,
            description = "bge-small (default), minilm, or a folder with a sentence-transformers ONNX export (model.onnx + tokenizer.json).")
    String embedder;
    @Option(names = "--bm25-only", description = "No embeddings: BM25 retrieval only, much faster to build.")
    boolean bm25Only;
    @Option(names = "--chunk-tokens", defaultValue = "512", description = "Chunk size in tokens (default ${DEFAULT-VALUE}).")
    int chunkTokens;
    @Option(names = "--chunk-overlap", defaultValue = "64", description = "Tokens shared by consecutive chunks (default ${DEFAULT-VALUE}).")
    int chunkOverlap;
    @Option(names = "--follow-symlinks",
            description = "Also index links whose real target is outside --docs (by default they are skipped and counted; links inside are always followed).")
    boolean followSymlinks;
    @Option(names = "--batch", defaultValue = "16", description = "Embedding batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() {
        var options = new io.hone.rag.index.IndexOptions(chunkTokens, chunkOverlap, batch, followSymlinks);
        try (Embedder e = bm25Only ? null : Embedders.open(embedder)) {
            var r = backend.store().index(docs, e, options, System.err);
            System.out.printf(Locale.ROOT, "%d files: %d indexed, %d unchanged, %d skipped, %d removed; %d documents, %d chunks in %.1f s (%.1f chunks/s%s)%s%n",
                    r.files(), r.indexed(), r.unchanged(), r.skipped(), r.removed(), r.documents(), r.chunks(), r.seconds(),
                    r.chunks() / Math.max(1e-9, r.seconds()), e == null ? ", BM25 only" : String.format(Locale.ROOT, ", embedding %.1f s", r.embedSeconds()),
                    r.outsideLinks() == 0 ? "" : "; skipped " + r.outsideLinks() + " symlink" + (r.outsideLinks() == 1 ? "" : "s")
                            + " pointing outside --docs (--follow-symlinks to index them)");
        }
        return 0;
    }
}
