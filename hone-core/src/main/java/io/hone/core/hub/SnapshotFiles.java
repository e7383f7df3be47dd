package io.hone.core.hub;

import io.hone.core.HoneException;

import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which files of a repository hone fetches: the top-level JSON configs and chat templates, and one set of safetensors
 * weights: a PEFT adapter's, the shards a {@code model.safetensors.index.json} names, {@code model.safetensors}, or
 * else every top-level safetensors file but Mistral's duplicate {@code consolidated.safetensors}. Pickled PyTorch
 * weights, ONNX/GGUF exports and subfolders (e.g. Llama's {@code original/}) are never downloaded.
 */
final class SnapshotFiles {
    static final String INDEX = "model.safetensors.index.json";

    private SnapshotFiles() {}

    /** The metadata files; the weights follow once the index (if any) has been read. */
    static List<HubFile> configs(List<HubFile> all) {
        return all.stream().filter(f -> topLevel(f) && (f.name().endsWith(".json") || f.name().endsWith(".jinja"))).toList();
    }

    /** Fails before anything is downloaded when a model or adapter repository has no safetensors weights at all. */
    static void requireSafetensors(HubRepoId id, List<HubFile> all) {
        boolean isModel = has(all, "config.json") || has(all, "adapter_config.json");
        if (!isModel || all.stream().anyMatch(f -> topLevel(f) && f.name().endsWith(".safetensors"))) return;
        List<String> other = all.stream().map(HubFile::name).filter(n -> !n.contains("/")
                && (n.endsWith(".bin") || n.endsWith(".pth") || n.endsWith(".pt") || n.endsWith(".gguf"))).toList();
        throw new HoneException(id + ": the repository has no safetensors weights"
                + (other.isEmpty() ? "" : " (it has " + String.join(", ", other) + ")")
                + "; hone reads safetensors: convert the weights or pick a repository that ships them");
    }

    /** The weight files to fetch; {@code shards} are the file names the index maps tensors to (empty without index). */
    static List<HubFile> weights(HubRepoId id, List<HubFile> all, Collection<String> shards) {
        Predicate<HubFile> pick;
        if (has(all, "adapter_model.safetensors")) pick = f -> f.name().equals("adapter_model.safetensors");
        else if (has(all, INDEX)) pick = f -> shards.contains(f.name());
        else if (has(all, "model.safetensors")) pick = f -> f.name().equals("model.safetensors");
        else pick = f -> topLevel(f) && f.name().endsWith(".safetensors") && !f.name().startsWith("consolidated");
        if (has(all, INDEX)) {
            for (String s : shards) {
                if (!has(all, s)) throw new HoneException(id + ": " + INDEX + " names shard " + s + ", which the repository does not have");
            }
        }
        return all.stream().filter(pick).toList();
    }

    private static boolean has(List<HubFile> all, String name) {
        return all.stream().anyMatch(f -> f.name().equals(name));
    }

    private static boolean topLevel(HubFile f) {
        return !f.name().contains("/");
    }
}
