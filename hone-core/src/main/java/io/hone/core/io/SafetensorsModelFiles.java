package io.hone.core.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.hone.core.HoneException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The weights of a Hugging Face model directory: {@code model.safetensors}, or shards listed by
 * {@code model.safetensors.index.json}, or the only {@code *.safetensors} file in the directory.
 * For a sharded checkpoint the index is authoritative: {@link #names()} are its {@code weight_map} keys, and
 * every shard it names must exist and hold the tensors it claims.
 */
public final class SafetensorsModelFiles implements TensorSource {
    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private final String where;
    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> byTensor;

    private SafetensorsModelFiles(String where, List<SafetensorsFile> files, Map<String, SafetensorsFile> byTensor) {
        this.where = where;
        this.files = List.copyOf(files);
        this.byTensor = Collections.unmodifiableMap(byTensor);
    }

    /** Opens a model directory (or, for convenience, a single {@code .safetensors} file). */
    public static SafetensorsModelFiles open(Path dir) {
        if (Files.isRegularFile(dir)) {
            return single(dir.toString(), SafetensorsFile.open(dir));
        }
        if (!Files.isDirectory(dir)) {
            throw new HoneException(dir + ": no such directory");
        }
        Path single = dir.resolve(SINGLE_FILE);
        if (Files.isRegularFile(single)) {
            return single(dir.toString(), SafetensorsFile.open(single));
        }
        Path index = dir.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) {
            return sharded(dir, index);
        }
        List<Path> any = listSafetensors(dir);
        if (any.size() == 1) {
            return single(dir.toString(), SafetensorsFile.open(any.getFirst()));
        }
        if (any.size() > 1) {
            throw new HoneException(dir + ": no " + SINGLE_FILE + " or " + INDEX_FILE + " found, and "
                    + any.size() + " other .safetensors files make the choice ambiguous");
        }
        throw new HoneException(dir + ": no " + SINGLE_FILE + " or " + INDEX_FILE + " found");
    }

    private static SafetensorsModelFiles single(String where, SafetensorsFile f) {
        Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
        for (String name : f.names()) byTensor.put(name, f);
        return new SafetensorsModelFiles(where, List.of(f), byTensor);
    }

    private static SafetensorsModelFiles sharded(Path dir, Path index) {
        Map<String, String> weightMap = readWeightMap(index);
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, String> e : weightMap.entrySet()) {
                String shardName = e.getValue();
                SafetensorsFile shard = shards.get(shardName);
                if (shard == null) {
                    Path p = dir.resolve(shardName).normalize();
                    if (!p.startsWith(dir.normalize()) || p.equals(dir.normalize())) {
                        throw new HoneException(index + ": shard '" + shardName + "' for tensor '" + e.getKey()
                                + "' is outside the model directory");
                    }
                    if (!Files.isRegularFile(p)) {
                        throw new HoneException(index + ": shard '" + shardName + "' (for tensor '" + e.getKey()
                                + "') does not exist in " + dir);
                    }
                    shard = SafetensorsFile.open(p);
                    shards.put(shardName, shard);
                }
                if (!shard.has(e.getKey())) {
                    throw new HoneException(index + ": tensor '" + e.getKey() + "' is mapped to shard '" + shardName
                            + "' but that file has no such tensor");
                }
                byTensor.put(e.getKey(), shard);
            }
        } catch (RuntimeException ex) {
            shards.values().forEach(SafetensorsFile::close);
            throw ex;
        }
        return new SafetensorsModelFiles(dir.toString(), new ArrayList<>(shards.values()), byTensor);
    }

    private static Map<String, String> readWeightMap(Path index) {
        JsonNode root;
        try {
            root = SafetensorsHeader.JSON.readTree(Files.readAllBytes(index));
        } catch (JacksonException e) {
            throw new HoneException(index + ": not valid JSON (" + SafetensorsHeader.oneLine(e.getOriginalMessage()) + ")");
        } catch (IOException e) {
            throw new HoneException(index + ": cannot read (" + SafetensorsHeader.oneLine(e.getMessage()) + ")", e);
        }
        JsonNode wm = root == null ? null : root.get("weight_map");
        if (wm == null || !wm.isObject()) {
            throw new HoneException(index + ": expected an object with a \"weight_map\" of tensor name to shard file");
        }
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : wm.properties()) {
            if (!e.getValue().isTextual()) {
                throw new HoneException(index + ": weight_map entry for '" + e.getKey() + "' must be a file name");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    private static List<Path> listSafetensors(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".safetensors") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new HoneException(dir + ": cannot list directory (" + SafetensorsHeader.oneLine(e.getMessage()) + ")", e);
        }
    }

    /** The opened files: one, or each shard once. */
    public List<SafetensorsFile> files() {
        return files;
    }

    /** The file holding {@code name}. */
    @Override
    public String describe(String name) {
        SafetensorsFile f = byTensor.get(name);
        return f == null ? describe() : f.describe();
    }

    public SafetensorsFile fileOf(String name) {
        SafetensorsFile f = byTensor.get(name);
        if (f == null) {
            throw new HoneException(where + ": no tensor named '" + name + "' (the checkpoint has "
                    + byTensor.size() + " tensors)");
        }
        return f;
    }

    public TensorInfo info(String name) {
        return fileOf(name).info(name);
    }

    public MemorySegment segment(String name) {
        return fileOf(name).segment(name);
    }

    /** The {@code __metadata__} of the single file, or of the first shard. */
    public Map<String, String> metadata() {
        return files.isEmpty() ? Map.of() : files.getFirst().metadata();
    }

    @Override
    public Set<String> names() {
        return byTensor.keySet();
    }

    @Override
    public boolean has(String name) {
        return byTensor.containsKey(name);
    }

    @Override
    public long[] shape(String name) {
        return info(name).shape();
    }

    @Override
    public float[] floats(String name) {
        return fileOf(name).floats(name);
    }

    @Override
    public short[] bf16(String name) {
        return fileOf(name).bf16(name);
    }

    @Override
    public long[] longs(String name) {
        return fileOf(name).longs(name);
    }

    @Override
    public byte[] bytes(String name) {
        return fileOf(name).bytes(name);
    }

    @Override
    public String describe() {
        return where;
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}
