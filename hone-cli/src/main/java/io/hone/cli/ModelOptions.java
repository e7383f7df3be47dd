package io.hone.cli;

import io.hone.core.HoneException;
import io.hone.eval.lm.CachedModel;
import io.hone.eval.lm.LanguageModel;
import io.hone.eval.lm.LocalModel;
import io.hone.eval.lm.OpenAiEndpoint;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Which model answers: a local Hugging Face folder (optionally with a PEFT adapter) or an OpenAI-compatible endpoint. */
final class ModelOptions {
    @Option(names = "--model", required = true, description = "Model folder or Hub id owner/name[@revision]; with --endpoint, the model name sent to the server.")
    String model;
    @Option(names = "--endpoint", description = "OpenAI-compatible server base URL (e.g. http://127.0.0.1:8000); API key from OPENAI_API_KEY.")
    String endpoint;
    @Option(names = "--adapter", description = "PEFT adapter folder or Hub id, applied to the local model.")
    Path adapter;
    @Mixin
    QuantOptions quant;
    @Option(names = "--cache", description = "Response cache file (JSONL); repeated requests are answered from it.")
    Path cache;
    @Option(names = "--batch", defaultValue = "16", description = "Prompts a local model decodes together, a prefix they all "
            + "share prefilled once (default ${DEFAULT-VALUE}; 1: one prompt at a time). Answers are the same either way.")
    int batch;

    /** The model behind an in-memory (and, with --cache, on-disk) response cache. Close it when done. */
    CachedModel open() {
        LanguageModel lm;
        if (endpoint != null) {
            if (adapter != null) throw new HoneException("--adapter applies to a local --model folder, not to an --endpoint");
            if (quant.given()) throw new HoneException("--quant and --dtype apply to a local --model folder, not to an --endpoint");
            lm = new OpenAiEndpoint(endpoint, model);
        } else {
            if (batch < 1) throw new HoneException("--batch must be at least 1, got " + batch);
            lm = LocalModel.open(Hub.local(Path.of(model), "--model"), Hub.local(adapter, "--adapter"), quant.config()).withBatch(batch);
        }
        return new CachedModel(lm, cache);
    }
}
