package io.hone.cli.rag;

import io.hone.core.HoneException;
import io.hone.rag.embed.Embedder;
import io.hone.rag.embed.Embedders;
import io.hone.rag.eval.BeirCollection;
import io.hone.rag.eval.CranfieldCollection;
import io.hone.rag.eval.RetrievalEval;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Score retrievers on a BEIR-layout collection (corpus.jsonl, queries.jsonl, qrels/SPLIT.tsv): nDCG@10, recall@100, "
                + "MRR@10 as trec_eval computes them, plus query latency. Builds the index (--index DIR, or a SolrCloud --collection) from the corpus first when there is none.")
public final class RagEvalCommand implements Callable<Integer> {
    @Option(names = "--dataset", required = true, description = "BEIR collection folder (corpus.jsonl, queries.jsonl, qrels/), or the Cranfield collection's SMART files (cran.all.1400, cran.qry, cranqrel).")
    Path dataset;
    @Mixin
    RagBackend backend;
    @Option(names = "--retriever", split = ",", description = "Retrievers to score (default: bm25,dense,hybrid, or bm25 for a BM25-only index).")
    List<String> retrievers;
    @Option(names = "--split", defaultValue = "test", description = "qrels split (default ${DEFAULT-VALUE}).")
    String split;
    @Option(names = "--embedder", defaultValue = Embedders.DEFAULT, description = "Embedder when the index is built here (default ${DEFAULT-VALUE}).")
    String embedder;
    @Option(names = "--json", description = "One JSON object on stdout instead of the table.")
    boolean json;

    @Override
    public Integer call() {
        var collection = CranfieldCollection.isCranfield(dataset)
                ? CranfieldCollection.load(dataset, Path.of(System.getProperty("java.io.tmpdir")))
                : BeirCollection.load(dataset, split);
        if (!backend.store().built()) {
            boolean dense = retrievers == null || retrievers.stream().anyMatch(r -> !r.equals("bm25"));
            try (Embedder e = dense ? Embedders.open(embedder) : null) {
                var r = backend.store().index(collection.corpus(), e, io.hone.rag.index.IndexOptions.DEFAULT, System.err);
                System.err.printf(Locale.ROOT, "indexed %d documents (%d chunks) in %.1f s%n", r.documents(), r.chunks(), r.seconds());
            }
        }
        try (var factory = backend.store().open()) {
            List<String> names = retrievers != null ? retrievers
                    : factory.hasVectors() ? List.of("bm25", "dense", "hybrid") : List.of("bm25");
            List<RetrievalEval.Result> results = new ArrayList<>();
            for (String name : names) {
                if (name.isBlank()) throw new HoneException("empty retriever name in --retriever");
                results.add(RetrievalEval.run(factory.get(name.strip()), collection));
            }
            System.out.print(json ? RetrievalEval.json(results) + "\n" : RetrievalEval.table(results));
        }
        return 0;
    }
}
