package io.hone.cli;

import io.hone.core.hub.ModelFolders;

import java.nio.file.Path;

/** {@code --model} / {@code --adapter} values: a local folder, or {@code owner/name[@revision]} fetched from the Hugging Face Hub. */
public final class Hub {
    private Hub() {}

    public static Path local(Path arg, String option) {
        return ModelFolders.resolve(arg, option, System.err);
    }
}
