package io.hone.cli;

import io.hone.core.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hone tokenize --model DIR --text TEXT [--no-special]}: the ids as a JSON array, e.g. {@code [1, 15043]}. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Print the token ids of a text as a JSON array on one line, e.g. [1, 15043].")
public final class TokenizeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Model directory with tokenizer.json (and tokenizer_config.json), or a Hub id owner/name[@revision].")
    Path model;

    @Option(names = "--text", required = true, paramLabel = "TEXT", description = "Text to tokenize.")
    String text;

    @Option(names = "--no-special", description = "Do not add special tokens (BOS/EOS as the tokenizer defines them).")
    boolean noSpecial;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        model = Hub.local(model, "--model");
        try (Tokenizer tokenizer = Tokenizer.load(model)) {
            int[] ids = tokenizer.encode(text, !noSpecial);
            // Python's json.dumps(list) layout: "[1, 15043]"
            spec.commandLine().getOut().println(Arrays.stream(ids).mapToObj(Integer::toString)
                    .collect(Collectors.joining(", ", "[", "]")));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
