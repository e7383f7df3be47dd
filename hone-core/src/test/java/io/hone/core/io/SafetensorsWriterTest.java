package io.hone.core.io;

import io.hone.core.HoneException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafetensorsWriterTest {
    @TempDir
    Path dir;

    static final float[] SPECIAL = {0f, -0f, 1f, -2.5f, Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 3.14159265f, 1e-40f};

    @Test
    void f32RoundTripIsBitExact() {
        Path p = new SafetensorsWriter().addF32("x", new long[] {3, 4}, SPECIAL).write(dir.resolve("a.safetensors"));
        try (var f = SafetensorsFile.open(p)) {
            assertThat(f.info("x")).isEqualTo(new TensorInfo("x", DType.F32, new long[] {3, 4}, 0, 48));
            float[] back = f.floats("x");
            for (int i = 0; i < SPECIAL.length; i++) {
                assertThat(Float.floatToRawIntBits(back[i])).isEqualTo(Float.floatToRawIntBits(SPECIAL[i]));
            }
        }
    }

    @Test
    void bf16RoundsToNearestEven() {
        float tieDown = Float.intBitsToFloat(0x3F808000); // halfway between bf16 0x3F80 and 0x3F81: even is 0x3F80
        float tieUp = Float.intBitsToFloat(0x3F818000);   // halfway between 0x3F81 and 0x3F82: even is 0x3F82
        float above = Float.intBitsToFloat(0x3F808001);
        float[] in = {tieDown, tieUp, above, Float.MAX_VALUE, Float.NaN, -1.5f};
        Path p = new SafetensorsWriter().addBf16("x", new long[] {6}, in).write(dir.resolve("b.safetensors"));
        try (var f = SafetensorsFile.open(p)) {
            MemorySegment raw = f.segment("x");
            short[] bits = new short[6];
            for (int i = 0; i < 6; i++) bits[i] = raw.get(SafetensorsFile.I16_LE, 2L * i);
            assertThat(bits).containsExactly((short) 0x3F80, (short) 0x3F82, (short) 0x3F81, (short) 0x7F80,
                    (short) 0x7FC0, (short) 0xBFC0);
            float[] back = f.floats("x");
            for (int i = 0; i < in.length; i++) assertThat(bitsOf(back[i])).isEqualTo(bitsOf(Bf16.toFloat(bits[i])));
        }
    }

    @Test
    void f16RoundTripMatchesJavaConversion() {
        float[] in = {1f, -2f, 65504f, 1e-7f, 0.1f, 70000f, Float.NaN};
        Path p = new SafetensorsWriter().addF16("x", new long[] {7}, in).write(dir.resolve("h.safetensors"));
        try (var f = SafetensorsFile.open(p)) {
            assertThat(f.info("x").dtype()).isEqualTo(DType.F16);
            float[] back = f.floats("x");
            for (int i = 0; i < in.length; i++) {
                assertThat(bitsOf(back[i])).isEqualTo(bitsOf(Float.float16ToFloat(Float.floatToFloat16(in[i]))));
            }
            assertThat(back[0]).isEqualTo(1f);
            assertThat(back[5]).isEqualTo(Float.POSITIVE_INFINITY);
        }
    }

    @Test
    void integerAndByteRoundTrips() {
        long[] ids = {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE, 42};
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) all[i] = (byte) i;
        Path p = new SafetensorsWriter()
                .addI64("ids", new long[] {2, 3}, ids)
                .add("small", DType.I32, new long[] {3}, new long[] {Integer.MIN_VALUE, 7, Integer.MAX_VALUE})
                .addU8("bytes", new long[] {16, 16}, all)
                .add("scalar", DType.F64, new long[] {}, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(2.5).array())
                .add("empty", DType.F32, new long[] {0, 5}, new float[0])
                .metadata("format", "pt").metadata("note", "ünïcode ✓")
                .write(dir.resolve("i.safetensors"));
        try (var f = SafetensorsFile.open(p)) {
            assertThat(f.longs("ids")).containsExactly(ids);
            assertThat(f.longs("small")).containsExactly(Integer.MIN_VALUE, 7, Integer.MAX_VALUE);
            assertThat(f.bytes("bytes")).containsExactly(all);
            assertThat(f.longs("bytes")[255]).isEqualTo(255);
            assertThat(f.segment("scalar").get(SafetensorsFile.F64_LE, 0)).isEqualTo(2.5);
            assertThat(f.shape("scalar")).isEmpty();
            assertThat(f.floats("empty")).isEmpty();
            assertThat(f.metadata()).containsExactly(java.util.Map.entry("format", "pt"), java.util.Map.entry("note", "ünïcode ✓"));
            // Python's layout: larger dtypes first (I64, F64, I32, U8), then the zero-size F32 after I32 by dtype order.
            assertThat(List.copyOf(f.names())).containsExactly("ids", "scalar", "empty", "small", "bytes");
        }
    }

    @Test
    void headerIsSpacePaddedToEightBytes() throws IOException {
        Path p = new SafetensorsWriter().addF32("abc", new long[] {1}, new float[] {1f}).write(dir.resolve("p.safetensors"));
        byte[] b = Files.readAllBytes(p);
        long n = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(n % 8).isZero();
        String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
        assertThat(header.stripTrailing()).isEqualTo("{\"abc\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}");
        assertThat(header.substring(header.stripTrailing().length())).matches(" *");
        assertThat(b).hasSize((int) (8 + n + 4));
    }

    @Test
    void rewritingEveryFixtureRawGivesIdenticalBytes() throws IOException {
        try (Stream<Path> files = Files.walk(SafetensorsFixturesTest.FIXTURES)) {
            for (Path src : files.filter(p -> p.toString().endsWith(".safetensors")).toList()) {
                Path out = dir.resolve("copy.safetensors");
                try (var f = SafetensorsFile.open(src)) {
                    var w = new SafetensorsWriter().metadata(f.metadata());
                    for (String name : f.names()) {
                        TensorInfo t = f.info(name);
                        w.add(name, t.dtype(), t.shape(), f.segment(name));
                    }
                    w.write(out);
                }
                assertThat(Files.mismatch(src, out)).as(src.toString()).isEqualTo(-1L);
            }
        }
    }

    @Test
    void rewritingFixtureFromFloatsGivesSameFloats() {
        for (String model : List.of("tiny-llama", "tiny-qwen2")) {
            Path src = SafetensorsFixturesTest.FIXTURES.resolve(model).resolve("model.safetensors");
            Path out = dir.resolve(model + ".safetensors");
            try (var f = SafetensorsFile.open(src)) {
                var w = new SafetensorsWriter().metadata(f.metadata());
                for (String name : f.names()) w.add(name, f.info(name).dtype(), f.shape(name), f.floats(name));
                w.write(out);
                try (var g = SafetensorsFile.open(out)) {
                    assertThat(g.names()).isEqualTo(f.names());
                    for (String name : f.names()) {
                        assertThat(g.info(name)).isEqualTo(f.info(name));
                        assertThat(Arrays.equals(g.floats(name), f.floats(name))).as(name).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void writeLeavesNoTempFileAndReplacesTarget() throws IOException {
        Path target = dir.resolve("m.safetensors");
        Files.writeString(target, "old");
        new SafetensorsWriter().addF32("w", new long[] {2}, new float[] {1, 2}).write(target);
        assertThat(listing()).containsExactly("m.safetensors");
        try (var f = SafetensorsFile.open(target)) {
            assertThat(f.floats("w")).containsExactly(1, 2);
        }
    }

    @Test
    void badArgumentsFailBeforeAnythingIsWritten() throws IOException {
        assertThatThrownBy(() -> new SafetensorsWriter().addF32("w", new long[] {2, 3}, new float[5]).write(dir.resolve("x.safetensors")))
                .isInstanceOf(HoneException.class)
                .hasMessage("tensor 'w': shape [2, 3] needs 6 values but 5 were given");
        assertThatThrownBy(() -> new SafetensorsWriter().add("w", DType.F16, new long[] {3}, new byte[4]))
                .hasMessage("tensor 'w': shape [3] of F16 needs 6 bytes but 4 were given");
        assertThatThrownBy(() -> new SafetensorsWriter().addF32("w", new long[] {-1}, new float[0]))
                .hasMessage("tensor 'w': negative dimension in shape [-1]");
        assertThatThrownBy(() -> new SafetensorsWriter().addF32("w", new long[] {1}, new float[1]).addF32("w", new long[] {1}, new float[1]))
                .hasMessage("tensor 'w' was added twice");
        assertThatThrownBy(() -> new SafetensorsWriter().addF32("__metadata__", new long[] {1}, new float[1]))
                .hasMessage("tensor name '__metadata__' is not allowed");
        assertThatThrownBy(() -> new SafetensorsWriter().add("w", DType.I64, new long[] {1}, new float[1]))
                .hasMessage("tensor 'w': float values can be written as F32, BF16 or F16, not I64");
        assertThatThrownBy(() -> new SafetensorsWriter().add("w", DType.I32, new long[] {1}, new long[] {1L << 40}))
                .hasMessage("tensor 'w': value 1099511627776 does not fit in I32");
        assertThat(listing()).isEmpty();
    }

    @Test
    void failureDuringWriteRemovesTempAndKeepsOldTarget() throws IOException {
        Path target = dir.resolve("m.safetensors");
        Files.writeString(target, "old");
        MemorySegment gone;
        try (Arena arena = Arena.ofConfined()) {
            gone = arena.allocate(8);
        }
        var w = new SafetensorsWriter().addF32("a", new long[] {1}, new float[] {1}).add("b", DType.F32, new long[] {2}, gone);
        assertThatThrownBy(() -> w.write(target)).isInstanceOf(IllegalStateException.class);
        assertThat(listing()).containsExactly("m.safetensors");
        assertThat(Files.readString(target)).isEqualTo("old");
    }

    @Test
    void missingDirectoryIsAUserError() {
        Path target = dir.resolve("nope/m.safetensors");
        assertThatThrownBy(() -> new SafetensorsWriter().write(target))
                .isInstanceOf(HoneException.class)
                .hasMessage(target + ": cannot write, directory " + dir.resolve("nope") + " does not exist");
    }

    @Test
    void shardedCheckpointRoundTrip() throws IOException {
        var w = new SafetensorsWriter().metadata("format", "pt");
        for (int i = 0; i < 5; i++) w.addF32("layer." + i, new long[] {10}, new float[] {i, i, i, i, i, i, i, i, i, i});
        Files.writeString(dir.resolve("model.safetensors"), "stale");
        List<Path> files = w.writeCheckpoint(dir, 100); // 40 bytes each: two per shard
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly(
                "model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors",
                "model-00003-of-00003.safetensors", "model.safetensors.index.json");
        assertThat(listing()).doesNotContain("model.safetensors");
        assertThat(Files.readString(dir.resolve("model.safetensors.index.json")))
                .contains("\"total_size\" : 200").contains("\"layer.4\" : \"model-00003-of-00003.safetensors\"");
        try (var c = SafetensorsModelFiles.open(dir)) {
            assertThat(c.files()).hasSize(3);
            assertThat(c.names()).hasSize(5);
            assertThat(c.floats("layer.3")).containsOnly(3f);
            assertThat(c.metadata()).containsEntry("format", "pt");
        }
        // Saving again unsharded replaces the shards and the index.
        w.writeCheckpoint(dir, 1 << 20);
        assertThat(listing()).containsExactly("model.safetensors");
        try (var c = SafetensorsModelFiles.open(dir)) {
            assertThat(c.floats("layer.4")).containsOnly(4f);
        }
    }

    private static int bitsOf(float f) {
        return Float.floatToRawIntBits(f);
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
