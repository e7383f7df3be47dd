package io.hone.core.io;

import io.hone.core.HoneException;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a safetensors file. Arguments are checked when a tensor is added (so nothing is written for a bad
 * call); data are referenced, not copied, until {@link #write}. The file is written to a hidden temp file in
 * the target's directory, forced to disk, then renamed over the target atomically.
 *
 * <p>Layout matches Python {@code safetensors.torch.save_file} byte for byte: {@code __metadata__} first (only
 * when non-empty), tensors ordered by dtype (descending {@link DType} order, which is the Rust enum order and
 * roughly alignment) then by name, compact JSON padded with spaces to a multiple of 8 bytes.
 */
public final class SafetensorsWriter {
    private static final int CHUNK_BYTES = 1 << 20;

    private final Map<String, Entry> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /** One tensor to write; {@code data} is a float[], long[], byte[] or MemorySegment. */
    record Entry(String name, DType dtype, long[] shape, long byteLength, Object data) {
    }

    /** F32, BF16 or F16 from float32 values (BF16/F16 rounded to nearest even). */
    public SafetensorsWriter add(String name, DType dtype, long[] shape, float[] values) {
        if (dtype != DType.F32 && dtype != DType.BF16 && dtype != DType.F16) {
            throw new HoneException("tensor '" + name + "': float values can be written as F32, BF16 or F16, not " + dtype);
        }
        return put(name, dtype, shape, values.length, values);
    }

    /** I64 or I32 from longs (I32 values must fit). */
    public SafetensorsWriter add(String name, DType dtype, long[] shape, long[] values) {
        if (dtype == DType.I32) {
            for (long v : values) {
                if (v != (int) v) throw new HoneException("tensor '" + name + "': value " + v + " does not fit in I32");
            }
        } else if (dtype != DType.I64) {
            throw new HoneException("tensor '" + name + "': long values can be written as I64 or I32, not " + dtype);
        }
        return put(name, dtype, shape, values.length, values);
    }

    /** Raw little-endian bytes of any dtype; {@code bytes.length} must be elements × dtype size. */
    public SafetensorsWriter add(String name, DType dtype, long[] shape, byte[] bytes) {
        return putRaw(name, dtype, shape, bytes.length, bytes);
    }

    /** Raw little-endian bytes from a segment (e.g. {@link SafetensorsFile#segment}); read at {@link #write}. */
    public SafetensorsWriter add(String name, DType dtype, long[] shape, MemorySegment bytes) {
        return putRaw(name, dtype, shape, bytes.byteSize(), bytes);
    }

    public SafetensorsWriter addF32(String name, long[] shape, float[] values) {
        return add(name, DType.F32, shape, values);
    }

    public SafetensorsWriter addBf16(String name, long[] shape, float[] values) {
        return add(name, DType.BF16, shape, values);
    }

    public SafetensorsWriter addF16(String name, long[] shape, float[] values) {
        return add(name, DType.F16, shape, values);
    }

    public SafetensorsWriter addI64(String name, long[] shape, long[] values) {
        return add(name, DType.I64, shape, values);
    }

    public SafetensorsWriter addU8(String name, long[] shape, byte[] values) {
        return add(name, DType.U8, shape, values);
    }

    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    public SafetensorsWriter metadata(Map<String, String> entries) {
        metadata.putAll(entries);
        return this;
    }

    /** Writes one file atomically and returns {@code target}. */
    public Path write(Path target) {
        return AtomicFile.write(target, this::writeTo);
    }

    /**
     * Writes a Hugging Face checkpoint into {@code dir}: {@code model.safetensors} when everything fits in
     * {@code maxShardBytes}, otherwise {@code model-0000i-of-0000n.safetensors} shards plus
     * {@code model.safetensors.index.json}. Returns the files written.
     */
    public List<Path> writeCheckpoint(Path dir, long maxShardBytes) {
        return ShardedWriter.write(this, dir, maxShardBytes);
    }

    List<Entry> entries() {
        return List.copyOf(tensors.values());
    }

    Map<String, String> metadataMap() {
        return new LinkedHashMap<>(metadata);
    }

    static SafetensorsWriter of(List<Entry> entries, Map<String, String> metadata) {
        SafetensorsWriter w = new SafetensorsWriter();
        for (Entry e : entries) w.tensors.put(e.name(), e);
        w.metadata.putAll(metadata);
        return w;
    }

    private SafetensorsWriter putRaw(String name, DType dtype, long[] shape, long byteLength, Object data) {
        long count = elementCount(name, shape);
        long needed = count * dtype.byteSize();
        if (byteLength != needed) {
            throw new HoneException("tensor '" + name + "': shape " + Arrays.toString(shape) + " of " + dtype
                    + " needs " + needed + " bytes but " + byteLength + " were given");
        }
        return add(new Entry(name, dtype, shape.clone(), needed, data));
    }

    private SafetensorsWriter put(String name, DType dtype, long[] shape, long valueCount, Object data) {
        long count = elementCount(name, shape);
        if (valueCount != count) {
            throw new HoneException("tensor '" + name + "': shape " + Arrays.toString(shape) + " needs " + count
                    + " values but " + valueCount + " were given");
        }
        return add(new Entry(name, dtype, shape.clone(), count * dtype.byteSize(), data));
    }

    private SafetensorsWriter add(Entry e) {
        if (e.name().isEmpty() || e.name().equals(SafetensorsHeader.METADATA_KEY)) {
            throw new HoneException("tensor name '" + e.name() + "' is not allowed");
        }
        if (tensors.containsKey(e.name())) {
            throw new HoneException("tensor '" + e.name() + "' was added twice");
        }
        tensors.put(e.name(), e);
        return this;
    }

    private static long elementCount(String name, long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) throw new HoneException("tensor '" + name + "': negative dimension in shape " + Arrays.toString(shape));
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException overflow) {
                throw new HoneException("tensor '" + name + "': shape " + Arrays.toString(shape) + " is too large");
            }
        }
        return n;
    }

    /** Tensors in the order Python safetensors lays them out. */
    private List<Entry> layout() {
        List<Entry> sorted = new ArrayList<>(tensors.values());
        sorted.sort(Comparator.comparing(Entry::dtype, Comparator.reverseOrder()).thenComparing(Entry::name));
        return sorted;
    }

    private void writeTo(FileChannel ch) throws IOException {
        List<Entry> order = layout();
        AtomicFile.writeFully(ch, ByteBuffer.wrap(header(order)));
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (Entry e : order) writeData(ch, e, buf);
    }

    private byte[] header(List<Entry> order) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        if (!metadata.isEmpty()) json.put(SafetensorsHeader.METADATA_KEY, metadata);
        long offset = 0;
        for (Entry e : order) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("dtype", e.dtype().safetensorsName());
            t.put("shape", e.shape());
            t.put("data_offsets", new long[] {offset, offset + e.byteLength()});
            json.put(e.name(), t);
            offset += e.byteLength();
        }
        byte[] body = SafetensorsHeader.JSON.writeValueAsString(json).getBytes(StandardCharsets.UTF_8);
        int padded = (body.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(body);
        while (out.hasRemaining()) out.put((byte) ' ');
        return out.array();
    }

    private static void writeData(FileChannel ch, Entry e, ByteBuffer buf) throws IOException {
        switch (e.data()) {
            case byte[] bytes -> AtomicFile.writeFully(ch, ByteBuffer.wrap(bytes));
            case MemorySegment seg -> AtomicFile.writeFully(ch, seg.asByteBuffer());
            case float[] values -> {
                int per = CHUNK_BYTES / e.dtype().byteSize();
                for (int i = 0; i < values.length; i += per) {
                    int m = Math.min(per, values.length - i);
                    buf.clear();
                    switch (e.dtype()) {
                        case F32 -> {
                            buf.asFloatBuffer().put(values, i, m);
                            buf.position(4 * m);
                        }
                        case BF16 -> { for (int j = i; j < i + m; j++) buf.putShort(Bf16.fromFloat(values[j])); }
                        case F16 -> { for (int j = i; j < i + m; j++) buf.putShort(Float.floatToFloat16(values[j])); }
                        default -> throw new IllegalStateException(e.dtype().name());
                    }
                    AtomicFile.writeFully(ch, buf.flip());
                }
            }
            case long[] values -> {
                int per = CHUNK_BYTES / e.dtype().byteSize();
                for (int i = 0; i < values.length; i += per) {
                    int m = Math.min(per, values.length - i);
                    buf.clear();
                    if (e.dtype() == DType.I64) {
                        buf.asLongBuffer().put(values, i, m);
                        buf.position(8 * m);
                    } else {
                        for (int j = i; j < i + m; j++) buf.putInt((int) values[j]);
                    }
                    AtomicFile.writeFully(ch, buf.flip());
                }
            }
            default -> throw new IllegalStateException("unsupported payload " + e.data().getClass());
        }
    }
}
