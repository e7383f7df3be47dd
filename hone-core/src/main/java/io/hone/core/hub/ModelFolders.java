package io.hone.core.hub;

import io.hone.core.HoneException;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns what a user passes as {@code --model} or {@code --adapter} into a local folder: an existing path is used as
 * it is; otherwise {@code owner/name[@revision]} is fetched from the Hugging Face Hub into its cache.
 */
public final class ModelFolders {
    private ModelFolders() {}

    public static Path resolve(Path arg, String option, PrintStream log) {
        return arg == null ? null : resolve(arg.toString(), option, HubSettings.fromEnvironment(), log);
    }

    public static Path resolve(String arg, String option, HubSettings settings, PrintStream log) {
        Path local = Path.of(arg);
        if (Files.exists(local)) return local;
        Optional<HubRepoId> id = HubRepoId.parse(arg);
        if (id.isEmpty()) {
            throw new HoneException(option + " " + arg + ": no such file or folder (expected a Hugging Face model folder, or a Hub id owner/name[@revision])");
        }
        try {
            return new HubClient(settings, log).snapshot(id.get());
        } catch (HoneException e) {
            throw new HoneException(option + " " + arg + ": no such local folder; from the Hugging Face Hub: " + e.getMessage(), e);
        }
    }
}
