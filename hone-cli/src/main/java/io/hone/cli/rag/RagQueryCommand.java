package io.hone.cli.rag;

import io.hone.rag.retrieve.Hit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "query", mixinStandardHelpOptions = true, description = "Print the chunks an index returns for a question.")
public final class RagQueryCommand implements Callable<Integer> {
    @Mixin
    RagBackend backend;
    @Option(names = "--retriever", description = "bm25, dense or hybrid (default: hybrid when the index has embeddings, else bm25).")
    String retriever;
    @Option(names = "-k", defaultValue = "10", description = "Number of results (default ${DEFAULT-VALUE}).")
    int k;
    @Parameters(index = "0", description = "The question.")
    String question;

    @Override
    public Integer call() {
        try (var retrievers = backend.searchStore("hone rag query").open()) {
            var r = retrievers.get(retriever == null ? retrievers.defaultName() : retriever);
            int rank = 0;
            for (Hit h : r.search(question, k)) {
                System.out.printf(Locale.ROOT, "%2d. %.4f  %s  %s%n    %s%n", ++rank, h.score(), h.title().isBlank() ? h.docId() : h.title(),
                        Sources.label(h), Sources.snippet(h.text(), 200));
            }
        }
        return 0;
    }
}
