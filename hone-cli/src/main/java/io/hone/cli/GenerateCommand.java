package io.hone.cli;

import io.hone.core.chat.ChatMessage;
import io.hone.core.generate.SamplingConfig;
import io.hone.core.generate.TextGenerator;
import io.hone.core.model.PretrainedModel;
import io.hone.train.ModelOpener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate text with a Hugging Face model folder: a raw --prompt, or --chat through the model's chat "
                + "template (one turn with --prompt, else an interactive conversation on stdin). Output streams as it is produced.")
public final class GenerateCommand implements Callable<Integer> {
    private static final String CHAT = "rendered chat template";

    @Option(names = "--model", required = true, description = "Model folder (config.json, *.safetensors, tokenizer.json) or Hub id owner/name[@revision].")
    Path modelDir;
    @Option(names = "--adapter", description = "PEFT LoRA/DoRA adapter folder or Hub id, applied to the model (merged in memory).")
    Path adapterDir;
    @Mixin
    QuantOptions quant;
    @Option(names = "--prompt", description = "Prompt text (completion mode; with --chat: the user message).")
    String prompt;
    @Option(names = "--chat", description = "Use the model's chat template.")
    boolean chat;
    @Option(names = "--system", description = "System message for --chat.")
    String system;
    @Option(names = {"--max-new-tokens", "-n"}, defaultValue = "128", description = "Maximum new tokens (default ${DEFAULT-VALUE}).")
    int maxNewTokens;
    @Option(names = "--temperature", defaultValue = "0", description = "Sampling temperature; 0 = greedy (default ${DEFAULT-VALUE}).")
    double temperature;
    @Option(names = "--top-k", defaultValue = "0", description = "Keep the k most likely tokens; 0 = off (default ${DEFAULT-VALUE}).")
    int topK;
    @Option(names = "--top-p", defaultValue = "1", description = "Nucleus sampling mass; 1 = off (default ${DEFAULT-VALUE}).")
    double topP;
    @Option(names = "--repetition-penalty", defaultValue = "1", description = "CTRL repetition penalty; 1 = off (default ${DEFAULT-VALUE}).")
    double repetitionPenalty;
    @Option(names = "--seed", defaultValue = "0", description = "Sampling seed (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--stop", description = "Stop string (repeatable); generation ends before it.")
    List<String> stops = new ArrayList<>();
    @Option(names = "--ignore-eos", description = "Keep generating past end-of-sequence tokens.")
    boolean ignoreEos;
    @Option(names = "--stats", description = "Print token counts and tokens/s to stderr.")
    boolean stats;

    @Override
    public Integer call() throws Exception {
        if (prompt == null && !chat) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "give --prompt TEXT or --chat");
        SamplingConfig sampling;
        try {
            sampling = new SamplingConfig(maxNewTokens, temperature, topK, topP, repetitionPenalty, seed, stops, !ignoreEos);
        } catch (IllegalArgumentException e) {
            throw new io.hone.core.HoneException("generate: " + e.getMessage());
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        var q = quant.config();
        modelDir = Hub.local(modelDir, "--model");
        adapterDir = Hub.local(adapterDir, "--adapter");
        try (PretrainedModel model = ModelOpener.at(modelDir).format(q).adapter(adapterDir, ModelOpener.AdapterUse.FOLDED)
                .template(chat ? ModelOpener.Template.REQUIRED : ModelOpener.Template.SKIP).open()) {
            var gen = new TextGenerator(model.model(), model.tokenizer());
            if (!chat) {
                report(gen.generate(model.encodePrompt("prompt", prompt, true), sampling, out::print), out);
                return 0;
            }
            List<ChatMessage> messages = new ArrayList<>();
            if (system != null) messages.add(new ChatMessage("system", system));
            if (prompt != null) {
                messages.add(new ChatMessage("user", prompt));
                report(gen.generate(model.encodePrompt(CHAT, model.renderChat(messages), false), sampling, out::print), out);
                return 0;
            }
            var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (true) {
                System.err.print("> ");
                String line = in.readLine();
                if (line == null || line.isBlank()) return 0;
                messages.add(new ChatMessage("user", line));
                var o = gen.generate(model.encodePrompt(CHAT, model.renderChat(messages), false), sampling, out::print);
                report(o, out);
                messages.add(new ChatMessage("assistant", o.text()));
            }
        }
    }

    private void report(TextGenerator.Output o, PrintStream out) {
        out.println();
        if (stats) {
            System.err.printf("[%d prompt tokens, %d new tokens, %.2f tokens/s, stop: %s]%n",
                    o.promptTokens(), o.newTokens(), o.tokensPerSecond(), o.reason().name().toLowerCase());
        }
    }
}
