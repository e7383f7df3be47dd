package io.hone.cli.rag;

import io.hone.cli.Hub;
import io.hone.cli.QuantOptions;
import io.hone.core.HoneException;
import io.hone.rag.answer.AnswerModel;
import io.hone.rag.answer.LocalAnswerModel;
import io.hone.rag.answer.OpenAiAnswerModel;
import io.hone.rag.answer.PromptBuilder;
import io.hone.rag.answer.RagAnswerer;
import io.hone.train.ModelOpener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "ask", mixinStandardHelpOptions = true,
        description = "Answer a question from an index: retrieve, put the numbered sources into the prompt within the model's context, "
                + "generate with a local model folder (--model DIR) or an OpenAI-compatible server (--endpoint URL), print the cited sources.")
public final class RagAskCommand implements Callable<Integer> {
    @Mixin
    RagBackend backend;
    @Option(names = "--model", description = "Local model folder; with --endpoint, the model name sent to the server (default: default).")
    String model;
    @Option(names = "--adapter", description = "PEFT adapter folder (or Hub id) applied to the local model, e.g. one trained on RAG prompts.")
    Path adapter;
    @Mixin
    QuantOptions quant;
    @Option(names = "--endpoint", description = "OpenAI-compatible server URL (e.g. http://127.0.0.1:8000); key from $OPENAI_API_KEY if set.")
    String endpoint;
    @Option(names = "--retriever", description = "bm25, dense or hybrid (default: hybrid when the index has embeddings, else bm25).")
    String retriever;
    @Option(names = "-k", defaultValue = "5", description = "Chunks to retrieve (default ${DEFAULT-VALUE}).")
    int k;
    @Option(names = {"--max-new-tokens", "-n"}, defaultValue = "256", description = "Answer length limit (default ${DEFAULT-VALUE}).")
    int maxNewTokens;
    @Option(names = "--context", defaultValue = "0",
            description = "Context window in tokens (default: the model's max_position_embeddings; 4096 for --endpoint).")
    int context;
    @Parameters(index = "0", description = "The question.")
    String question;

    @Override
    public Integer call() {
        if (model == null && endpoint == null) throw new HoneException("rag ask: give --model DIR or --endpoint URL");
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (var retrievers = backend.searchStore("hone rag ask").open(); AnswerModel m = open()) {
            var r = retrievers.get(retriever == null ? retrievers.defaultName() : retriever);
            var answer = new RagAnswerer(r, m, k, maxNewTokens).ask(question, out::print);
            out.println();
            out.println();
            if (answer.sources().isEmpty()) {
                out.println("No sources found.");
            } else if (answer.cited().isEmpty()) {
                out.println("Sources given (none cited):");
                for (int i = 0; i < answer.sources().size(); i++) out.println("[" + (i + 1) + "] " + PromptBuilder.label(answer.sources().get(i)));
            } else {
                out.println("Sources:");
                for (int i : answer.cited()) out.println("[" + i + "] " + PromptBuilder.label(answer.sources().get(i - 1)));
            }
        }
        return 0;
    }

    private AnswerModel open() {
        if (endpoint != null) {
            if (adapter != null || quant.given()) {
                throw new HoneException("--adapter, --quant and --dtype apply to a local --model folder; a server picks the adapter by --model name");
            }
            return new OpenAiAnswerModel(endpoint, model == null ? "default" : model, System.getenv("OPENAI_API_KEY"), context > 0 ? context : 4096);
        }
        Path dir = Hub.local(Path.of(model), "--model");
        return new LocalAnswerModel(ModelOpener.at(dir).format(quant.config()).adapter(Hub.local(adapter, "--adapter"), ModelOpener.AdapterUse.FOLDED)
                .template(ModelOpener.Template.REQUIRED).open(), context);
    }
}
