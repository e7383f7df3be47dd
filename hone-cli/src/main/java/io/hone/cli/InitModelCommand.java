package io.hone.cli;

import io.hone.core.model.ModelConfig;
import io.hone.core.model.ModelConfigLoader;
import io.hone.core.model.ModelShapes;
import io.hone.core.model.RandomModel;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "init-model", mixinStandardHelpOptions = true,
        description = "Write a Hugging Face model folder (config.json + model.safetensors) with seeded random weights.")
public final class InitModelCommand implements Callable<Integer> {
    static final class Source {
        @Option(names = "--shape", description = "Named shape: tiny, smollm2-135m, smollm2-360m, qwen2.5-0.5b, llama3.2-1b.")
        String shape;
        @Option(names = "--config", description = "A config.json to take the architecture from.")
        Path config;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        ModelConfig c = source.shape != null ? ModelShapes.get(source.shape) : ModelConfigLoader.load(source.config);
        RandomModel.write(c, out, seed);
        System.out.printf("wrote %s: %s, %,d parameters%n", out, c.modelType(), c.parameterCount());
        return 0;
    }
}
