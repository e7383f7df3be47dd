package io.hone.cli;

import io.hone.cli.rag.BackendOptions;
import io.hone.core.HoneException;
import io.hone.eval.lm.OpenAiEndpoint;
import io.hone.eval.metric.FaithfulnessJudge;
import io.hone.rag.index.IndexStore;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code hone eval}'s retrieval: {@code --rag DIR} (the embedded index) or {@code --rag --backend solr (--solr-zk ..|
 * --solr-url ..) --collection NAME} (the same {@link BackendOptions} as {@code hone rag}), how many chunks and which
 * retriever, and the optional LLM judge of faithfulness ({@code --judge-endpoint URL --judge-model NAME}).
 */
final class RagOptions {
    @Option(names = "--rag", arity = "0..1", fallbackValue = "", paramLabel = "DIR",
            description = "Retrieve for each input: its top --rag-k chunks fill {context} (default prompt: \"Context: {context}\\nQuestion: {input}\\nAnswer:\"), "
                    + "and context recall, faithfulness and retrieval vs reading misses are printed. DIR: a hone-rag index; "
                    + "no DIR with --backend solr --collection NAME.")
    String rag;
    @Option(names = "--rag-k", defaultValue = "3", description = "Chunks retrieved per input with --rag (default ${DEFAULT-VALUE}).")
    int ragK;
    @Option(names = "--rag-retriever", description = "With --rag: bm25, dense or hybrid (default: hybrid when the index has embeddings, else bm25).")
    String ragRetriever;
    @Mixin
    BackendOptions backend;
    @Option(names = "--judge-endpoint", description = "With --rag: an OpenAI-compatible server whose --judge-model judges whether each answer is "
            + "supported by its retrieved context (API key from OPENAI_API_KEY).")
    String judgeEndpoint;
    @Option(names = "--judge-model", description = "Model name at --judge-endpoint.")
    String judgeModel;

    boolean on() {
        if (rag == null && backend.solr()) throw new HoneException("--backend solr goes with --rag (eval retrieves from the collection with --rag)");
        return rag != null;
    }

    /** The index --rag names, the options checked. */
    IndexStore store() {
        if (ragK < 1) throw new HoneException("--rag-k must be >= 1");
        backend.noLayout("hone eval");
        if (backend.solr()) {
            if (!rag.isEmpty()) throw new HoneException("--rag " + rag + ": with --backend solr give --rag alone (the index is --collection)");
        } else if (rag.isEmpty()) {
            throw new HoneException("--rag needs an index folder (or --backend solr with --collection)");
        }
        return backend.store(rag.isEmpty() ? null : Path.of(rag));
    }

    /** The judge, or null without --judge-endpoint. */
    FaithfulnessJudge judge() {
        if (judgeEndpoint == null && judgeModel == null) return null;
        if (judgeEndpoint == null || judgeModel == null) throw new HoneException("--judge-endpoint and --judge-model go together");
        if (rag == null) throw new HoneException("--judge-endpoint judges answers against retrieved context: it needs --rag");
        return new FaithfulnessJudge(new OpenAiEndpoint(judgeEndpoint, judgeModel));
    }
}
