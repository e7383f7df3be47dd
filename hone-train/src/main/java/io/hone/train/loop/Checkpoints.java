package io.hone.train.loop;

import io.hone.core.HoneException;
import io.hone.core.io.AtomicDir;
import io.hone.core.io.FileTree;
import io.hone.core.io.SafetensorsFile;
import io.hone.core.io.SafetensorsWriter;
import io.hone.core.io.TempNames;
import io.hone.train.Param;
import io.hone.train.optim.AdamW;
import io.hone.train.optim.OptimizerState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code run/checkpoint-<step>/}: the weights ({@link ModelSaver}: adapter or full model), {@code optimizer.safetensors}
 * and {@code trainer_state.json}. Written into a hidden temp folder and renamed into place ({@link AtomicDir}), so a
 * kill at any moment leaves either the whole checkpoint or none (and a temp that {@link #sweep} removes); only the
 * newest {@code keep} are kept.
 */
public final class Checkpoints {
    public static final String PREFIX = "checkpoint-";
    public static final String OPTIMIZER = "optimizer.safetensors";

    private Checkpoints() {}

    public static Path save(Path runDir, TrainerState state, ModelSaver model, AdamW opt, int keep) {
        Path dir = runDir.resolve(PREFIX + state.step());
        try {
            AtomicDir.write(dir, tmp -> {
                model.save(tmp);
                var w = new SafetensorsWriter();
                OptimizerState st = opt.state();
                new TreeMap<>(st.tensors()).forEach((k, a) -> w.addF32(k, new long[]{a.length}, a));
                w.metadata("step", Long.toString(st.step()));
                w.write(tmp.resolve(OPTIMIZER));
                state.write(tmp);
            });
            if (keep > 0) {
                List<Path> all = list(runDir);
                for (int i = 0; i < all.size() - keep; i++) FileTree.delete(all.get(i));
            }
            return dir;
        } catch (IOException | UncheckedIOException e) {
            throw new HoneException(dir + ": cannot write checkpoint (" + e.getMessage() + ")");
        }
    }

    /**
     * Removes what a killed write left in the run folder: temps of the {@link TempNames} pattern (checkpoints, the
     * adapter or model, the loss chart) and the {@code .checkpoint-<step>.tmp} folders of earlier versions. Returns how many.
     */
    public static int sweep(Path runDir) {
        int n = TempNames.sweep(runDir);
        try (Stream<Path> s = Files.list(runDir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().matches("\\." + PREFIX + "\\d+\\.tmp")).toList()) {
                FileTree.delete(p);
                n++;
            }
        } catch (IOException | UncheckedIOException e) {
            throw new HoneException(runDir + ": cannot remove the leftovers of an interrupted write (" + e.getMessage() + ")");
        }
        return n;
    }

    /** Checkpoint folders of a run, oldest first. */
    public static List<Path> list(Path runDir) {
        if (!Files.isDirectory(runDir)) return List.of();
        try (Stream<Path> s = Files.list(runDir)) {
            return s.filter(p -> p.getFileName().toString().matches(PREFIX + "\\d+") && Files.isDirectory(p))
                    .sorted(Comparator.comparingLong(Checkpoints::stepOf)).toList();
        } catch (IOException e) {
            throw new HoneException(runDir + ": cannot list (" + e.getMessage() + ")");
        }
    }

    /** A checkpoint folder itself, or the newest checkpoint of a run folder. */
    public static Path resolve(Path dir) {
        if (Files.isRegularFile(dir.resolve(TrainerState.FILE))) return dir;
        List<Path> all = list(dir);
        if (all.isEmpty()) throw new HoneException(dir + ": no checkpoint to resume from (neither a checkpoint folder nor a run folder with " + PREFIX + "<step>)");
        return all.getLast();
    }

    public static Optional<Path> latest(Path runDir) {
        List<Path> all = list(runDir);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    /** Overwrites each parameter's values with the tensor of the same name in {@code file}. */
    public static void loadParams(Path file, List<Param> params) {
        try (var f = SafetensorsFile.open(file)) {
            for (Param p : params) {
                if (!f.has(p.name())) throw new HoneException(file + ": tensor '" + p.name() + "' is missing");
                if (!Arrays.equals(f.shape(p.name()), p.shape())) {
                    throw new HoneException(file + ": tensor '" + p.name() + "' has shape " + Arrays.toString(f.shape(p.name()))
                            + ", expected " + Arrays.toString(p.shape()));
                }
                float[] v = f.floats(p.name());
                System.arraycopy(v, 0, p.value(), 0, v.length);
            }
        }
    }

    public static void loadOptimizer(Path dir, AdamW opt) {
        Path file = dir.resolve(OPTIMIZER);
        if (!Files.isRegularFile(file)) throw new HoneException(dir + ": no " + OPTIMIZER);
        try (var f = SafetensorsFile.open(file)) {
            Map<String, float[]> state = new LinkedHashMap<>();
            for (String name : f.names()) state.put(name, f.floats(name));
            String step = f.metadata().get("step");
            if (step == null) throw new HoneException(file + ": metadata has no 'step'");
            opt.load(new OptimizerState(Long.parseLong(step), state));
        }
    }

    private static long stepOf(Path p) {
        return Long.parseLong(p.getFileName().toString().substring(PREFIX.length()));
    }
}
