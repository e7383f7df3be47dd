package io.hone.cli;

import io.hone.core.io.FileTree;
import io.hone.core.model.ModelShapes;
import io.hone.core.model.RandomModel;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The model a benchmark runs on: a folder (--model) or seeded random weights of a named shape in a temp folder. */
final class BenchModelOptions {
    @Option(names = "--shape", defaultValue = "smollm2-135m", description = "Model shape (default ${DEFAULT-VALUE}).")
    String shape;
    @Option(names = "--model", description = "Benchmark this model folder instead of a random one.")
    Path model;

    /** What the JSON lines call the model. */
    String label() {
        return model == null ? shape : model.toString();
    }

    /** The folder to load; a random one is written now and deleted on close. */
    Folder open() throws IOException {
        Path dir = Hub.local(model, "--model");
        if (dir != null) return new Folder(dir, false);
        Path tmp = Files.createTempDirectory("hone-bench-model");
        RandomModel.write(ModelShapes.get(shape), tmp, 1);
        return new Folder(tmp, true);
    }

    record Folder(Path dir, boolean temporary) implements AutoCloseable {
        @Override
        public void close() {
            if (temporary) FileTree.deleteQuietly(dir);
        }
    }
}
