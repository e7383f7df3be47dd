package io.hone.core.io;

import io.hone.core.HoneException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * One {@code .safetensors} file, memory-mapped read-only. The header is fully validated on open, so every
 * later read stays inside the mapping. Segments returned by {@link #segment} are valid until {@link #close}.
 * Thread-safe for reads.
 */
public final class SafetensorsFile implements TensorSource {
    static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfDouble F64_LE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort I16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt I32_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong I64_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int CHUNK = 8192;

    private final Path path;
    private final String where;
    private final Arena arena;
    private final MemorySegment data;
    private final SafetensorsHeader header;
    private volatile boolean closed;

    private SafetensorsFile(Path path, Arena arena, MemorySegment file, SafetensorsHeader header) {
        this.path = path;
        this.where = path.toString();
        this.arena = arena;
        this.header = header;
        this.data = file.asSlice(header.dataStart(), header.dataSize());
    }

    public static SafetensorsFile open(Path path) {
        String where = path.toString();
        if (Files.isDirectory(path)) {
            throw new HoneException(where + ": is a directory, expected a .safetensors file");
        }
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment file = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            return new SafetensorsFile(path, arena, file, SafetensorsHeader.parse(where, file));
        } catch (NoSuchFileException e) {
            arena.close();
            throw new HoneException(where + ": file not found");
        } catch (IOException e) {
            arena.close();
            throw new HoneException(where + ": cannot read (" + SafetensorsHeader.oneLine(e.getMessage()) + ")", e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /** The {@code __metadata__} map of the header (empty if absent). */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    /** All tensor entries, in file order. */
    public Map<String, TensorInfo> infos() {
        return header.tensors();
    }

    public TensorInfo info(String name) {
        if (closed) throw new HoneException(where + ": already closed");
        TensorInfo t = header.tensors().get(name);
        if (t == null) {
            throw new HoneException(where + ": no tensor named '" + name + "' (the file has "
                    + header.tensors().size() + " tensors)");
        }
        return t;
    }

    /** The tensor's raw little-endian bytes as a slice of the mapping; valid until {@link #close}. */
    public MemorySegment segment(String name) {
        TensorInfo t = info(name);
        return data.asSlice(t.begin(), t.byteLength());
    }

    @Override
    public byte[] bytes(String name) {
        TensorInfo t = info(name);
        arrayLength(t, 1);
        return data.asSlice(t.begin(), t.byteLength()).toArray(ValueLayout.JAVA_BYTE);
    }

    @Override
    public Set<String> names() {
        return header.tensors().keySet();
    }

    @Override
    public boolean has(String name) {
        return header.tensors().containsKey(name);
    }

    @Override
    public long[] shape(String name) {
        return info(name).shape();
    }

    @Override
    public float[] floats(String name) {
        TensorInfo t = info(name);
        int n = arrayLength(t, t.dtype().byteSize());
        float[] out = new float[n];
        long base = t.begin();
        switch (t.dtype()) {
            case F32 -> MemorySegment.copy(data, F32_LE, base, out, 0, n);
            case BF16, F16 -> {
                short[] buf = new short[Math.min(n, CHUNK)];
                boolean bf16 = t.dtype() == DType.BF16;
                for (int i = 0; i < n; i += buf.length) {
                    int m = Math.min(buf.length, n - i);
                    MemorySegment.copy(data, I16_LE, base + 2L * i, buf, 0, m);
                    if (bf16) {
                        for (int j = 0; j < m; j++) out[i + j] = Float.intBitsToFloat(buf[j] << 16);
                    } else {
                        for (int j = 0; j < m; j++) out[i + j] = Float.float16ToFloat(buf[j]);
                    }
                }
            }
            default -> throw new HoneException(where + ": tensor '" + name + "' is " + t.dtype()
                    + "; floats() reads F32, BF16 or F16");
        }
        return out;
    }

    @Override
    public short[] bf16(String name) {
        TensorInfo t = info(name);
        if (t.dtype() != DType.BF16) return TensorSource.super.bf16(name);
        short[] out = new short[arrayLength(t, 2)];
        MemorySegment.copy(data, I16_LE, t.begin(), out, 0, out.length);
        return out;
    }

    @Override
    public long[] longs(String name) {
        TensorInfo t = info(name);
        int n = arrayLength(t, t.dtype().byteSize());
        long[] out = new long[n];
        long base = t.begin();
        switch (t.dtype()) {
            case I64 -> MemorySegment.copy(data, I64_LE, base, out, 0, n);
            case I32 -> { for (int i = 0; i < n; i++) out[i] = data.get(I32_LE, base + 4L * i); }
            case U32 -> { for (int i = 0; i < n; i++) out[i] = Integer.toUnsignedLong(data.get(I32_LE, base + 4L * i)); }
            case I16 -> { for (int i = 0; i < n; i++) out[i] = data.get(I16_LE, base + 2L * i); }
            case U16 -> { for (int i = 0; i < n; i++) out[i] = Short.toUnsignedLong(data.get(I16_LE, base + 2L * i)); }
            case I8 -> { for (int i = 0; i < n; i++) out[i] = data.get(ValueLayout.JAVA_BYTE, base + i); }
            case U8, BOOL -> { for (int i = 0; i < n; i++) out[i] = Byte.toUnsignedLong(data.get(ValueLayout.JAVA_BYTE, base + i)); }
            default -> throw new HoneException(where + ": tensor '" + name + "' is " + t.dtype()
                    + "; longs() reads integer tensors (I64, I32, I16, I8, U32, U16, U8, BOOL)");
        }
        return out;
    }

    @Override
    public String describe() {
        return where;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        arena.close();
    }

    private int arrayLength(TensorInfo t, int elementBytes) {
        long n = t.byteLength() / elementBytes;
        if (n > Integer.MAX_VALUE - 8) {
            throw new HoneException(where + ": tensor '" + t.name() + "' " + Arrays.toString(t.shape())
                    + " has too many elements for one Java array; read it through segment()");
        }
        return (int) n;
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + where + ", " + header.tensors().size() + " tensors]";
    }
}
