package io.hone.core.io;

import io.hone.core.HoneException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Splits a writer's tensors into shards the way {@code huggingface_hub} does (in insertion order, a new shard
 * when the next tensor would overflow, an oversized tensor alone), writes them, then the index. Weight files
 * from an earlier save that the new checkpoint does not use are removed afterwards, so {@link SafetensorsModelFiles#open}
 * cannot pick up stale weights.
 */
final class ShardedWriter {
    private static final Pattern SHARD = Pattern.compile("model-\\d{5}-of-\\d{5}\\.safetensors");

    private ShardedWriter() {
    }

    static List<Path> write(SafetensorsWriter all, Path dir, long maxShardBytes) {
        if (maxShardBytes <= 0) throw new HoneException("max shard size must be positive, got " + maxShardBytes);
        if (!Files.isDirectory(dir)) throw new HoneException(dir + ": cannot write checkpoint, no such directory");
        List<List<SafetensorsWriter.Entry>> shards = split(all.entries(), maxShardBytes);
        List<Path> written = new ArrayList<>();
        if (shards.size() <= 1) {
            written.add(all.write(dir.resolve(SafetensorsModelFiles.SINGLE_FILE)));
            removeStale(dir, written);
            return written;
        }
        Map<String, String> weightMap = new TreeMap<>();
        long total = 0;
        try {
            for (int i = 0; i < shards.size(); i++) {
                String name = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
                written.add(SafetensorsWriter.of(shards.get(i), all.metadataMap()).write(dir.resolve(name)));
                for (SafetensorsWriter.Entry e : shards.get(i)) {
                    weightMap.put(e.name(), name);
                    total += e.byteLength();
                }
            }
            Map<String, Object> index = new LinkedHashMap<>();
            index.put("metadata", Map.of("total_size", total));
            index.put("weight_map", weightMap);
            byte[] json = (SafetensorsHeader.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(index) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            written.add(AtomicFile.write(dir.resolve(SafetensorsModelFiles.INDEX_FILE), json));
        } catch (IOException | RuntimeException e) {
            written.forEach(AtomicFile::deleteQuietly);
            if (e instanceof RuntimeException r) throw r;
            throw new HoneException(dir + ": cannot write checkpoint index (" + SafetensorsHeader.oneLine(e.getMessage()) + ")", e);
        }
        removeStale(dir, written);
        return written;
    }

    private static List<List<SafetensorsWriter.Entry>> split(List<SafetensorsWriter.Entry> entries, long max) {
        List<List<SafetensorsWriter.Entry>> shards = new ArrayList<>();
        List<SafetensorsWriter.Entry> current = new ArrayList<>();
        long size = 0;
        for (SafetensorsWriter.Entry e : entries) {
            if (!current.isEmpty() && size + e.byteLength() > max) {
                shards.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(e);
            size += e.byteLength();
        }
        if (!current.isEmpty()) shards.add(current);
        return shards;
    }

    private static void removeStale(Path dir, List<Path> keep) {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                boolean weights = n.equals(SafetensorsModelFiles.SINGLE_FILE) || n.equals(SafetensorsModelFiles.INDEX_FILE) || SHARD.matcher(n).matches();
                if (weights && !keep.contains(p)) Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new HoneException(dir + ": checkpoint written, but stale weight files could not be removed ("
                    + SafetensorsHeader.oneLine(e.getMessage()) + ")", e);
        }
    }
}
