package io.hone.core.io;

import io.hone.core.HoneException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** Malformed files: each must give one HoneException line naming the file, never another exception. */
class SafetensorsBadInputTest {
    @TempDir
    Path dir;

    private Path file(String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return raw(ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).array());
    }

    private Path raw(byte[] bytes) throws IOException {
        Path p = dir.resolve("model.safetensors");
        Files.write(p, bytes);
        return p;
    }

    private static String w(String dtype, String shape, long begin, long end) {
        return "{\"w\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}}";
    }

    private void rejects(Path p, String expectedAfterFileName) {
        assertThatThrownBy(() -> SafetensorsFile.open(p).close())
                .isExactlyInstanceOf(HoneException.class)
                .hasMessage(p + ": " + expectedAfterFileName);
    }

    @Test
    void tooShort() throws IOException {
        rejects(raw(new byte[5]), "file is 5 bytes, too short for a safetensors header (needs at least 8)");
        rejects(raw(new byte[0]), "file is 0 bytes, too short for a safetensors header (needs at least 8)");
    }

    @Test
    void headerLongerThanFile() throws IOException {
        byte[] b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array();
        rejects(raw(b), "header length 1000 exceeds the file size (20 bytes); the file is truncated or not safetensors");
    }

    @Test
    void absurdHeaderLength() throws IOException {
        byte[] b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).array();
        rejects(raw(b), "header length 18446744073709551615 is over the 100000000-byte limit; this is not a safetensors file");
        b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(100_000_001).array();
        rejects(raw(b), "header length 100000001 is over the 100000000-byte limit; this is not a safetensors file");
    }

    @Test
    void notJsonOrNotAnObject() throws IOException {
        String notObject = "header is not a JSON object (it must start with '{'); this is not a safetensors file";
        rejects(file("[1, 2]", 0), notObject);
        rejects(file("", 0), notObject);
        rejects(file("PK\u0003\u0004", 0), notObject);
        for (String bad : new String[] {"{\"w\": ", "{} {}", "{\"a\":{},\"a\":{}}", "{\"w\":{\"dtype\":\"F32\"}}\u0000\u0000"}) {
            assertThatThrownBy(() -> SafetensorsFile.open(file(bad, 0)))
                    .isExactlyInstanceOf(HoneException.class)
                    .hasMessageStartingWith(dir.resolve("model.safetensors") + ": header is not valid JSON (")
                    .hasMessageNotContaining("\n");
        }
        byte[] invalidUtf8 = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        Path p = raw(ByteBuffer.allocate(8 + 8).order(ByteOrder.LITTLE_ENDIAN).putLong(8).put(invalidUtf8).array());
        assertThatThrownBy(() -> SafetensorsFile.open(p)).isExactlyInstanceOf(HoneException.class)
                .hasMessageContaining("header is not valid JSON (");
    }

    @Test
    void missingFields() throws IOException {
        rejects(file("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "tensor 'w' is missing \"dtype\"");
        rejects(file("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4), "tensor 'w' is missing \"shape\"");
        rejects(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4), "tensor 'w' is missing \"data_offsets\"");
        rejects(file("{\"w\":[1]}", 0), "tensor 'w' must be an object with dtype, shape and data_offsets");
    }

    @Test
    void malformedFieldValues() throws IOException {
        rejects(file(w("F128", "[1]", 0, 16), 16), "tensor 'w' has unknown dtype 'F128' (expected one of "
                + "BOOL, U8, I8, F8_E5M2, F8_E4M3, I16, U16, F16, BF16, I32, U32, F32, F64, I64, U64)");
        rejects(file("{\"w\":{\"dtype\":3,\"shape\":[1],\"data_offsets\":[0,4]}}", 4),
                "tensor 'w' dtype must be a string such as \"F32\"");
        rejects(file(w("F32", "[2,-3]", 0, 24), 24), "tensor 'w' has negative dimension -3 in shape [2,-3]");
        rejects(file(w("F32", "[2.5]", 0, 8), 8), "tensor 'w' shape [2.5] must contain only integers");
        rejects(file(w("F32", "\"2\"", 0, 8), 8), "tensor 'w' shape must be an array of dimensions");
        rejects(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 4),
                "tensor 'w' data_offsets must be [begin, end], found [0]");
        rejects(file(w("F32", "[1]", -4, 0), 4), "tensor 'w' data_offsets [-4, 0] must not be negative");
        rejects(file(w("F32", "[99999999999,99999999999]", 0, 4), 4),
                "tensor 'w' shape [99999999999, 99999999999] is too large");
        rejects(file("{\"__metadata__\":{\"format\":1}}", 0), "\"__metadata__\" value for 'format' must be a string, found number");
        rejects(file("{\"__metadata__\":[]}", 0), "\"__metadata__\" must be an object of strings");
    }

    @Test
    void offsetsOutsideDataSection() throws IOException {
        String name = "model.embed_tokens.weight";
        rejects(file("{\"" + name + "\":{\"dtype\":\"BF16\",\"shape\":[32,64],\"data_offsets\":[0,4096]}}", 1024),
                "tensor 'model.embed_tokens.weight' data_offsets [0, 4096] exceed the data section (1024 bytes); "
                        + "the file is truncated or corrupt");
    }

    @Test
    void beginAfterEnd() throws IOException {
        rejects(file(w("F32", "[1]", 8, 4), 8), "tensor 'w' data_offsets [8, 4] have begin > end");
    }

    @Test
    void byteLengthDoesNotMatchShape() throws IOException {
        rejects(file(w("F32", "[2,3]", 0, 20), 20), "tensor 'w' data_offsets [0, 20] hold 20 bytes but shape [2, 3] of F32 needs 24");
    }

    @Test
    void overlappingTensors() throws IOException {
        String h = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}";
        rejects(file(h, 24), "tensor 'b' data_offsets [8, 24] overlap tensor 'a' [0, 16]");
        String same = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"I32\",\"shape\":[4],\"data_offsets\":[0,16]}}";
        rejects(file(same, 16), "tensor 'b' data_offsets [0, 16] overlap tensor 'a' [0, 16]");
    }

    @Test
    void gapsBetweenOrBeforeTensors() throws IOException {
        String h = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]}}";
        rejects(file(h, 24), "gap of 8 bytes before tensor 'b' (data_offsets [16, 24]); "
                + "tensors must cover the data section contiguously");
        rejects(file(w("F32", "[1]", 4, 8), 8), "gap of 4 bytes before tensor 'w' (data_offsets [4, 8]); "
                + "tensors must cover the data section contiguously");
    }

    @Test
    void truncatedAndTrailingData() throws IOException {
        rejects(file(w("F32", "[4]", 0, 16), 12),
                "tensor 'w' data_offsets [0, 16] exceed the data section (12 bytes); the file is truncated or corrupt");
        rejects(file(w("F32", "[4]", 0, 16), 20),
                "4 unexpected bytes after the last tensor (tensors end at 16, data section is 20 bytes); the file is corrupt");
    }

    @Test
    void wrongReadsAreUserErrors() throws IOException {
        Path p = new SafetensorsWriter().addI64("ids", new long[] {2}, new long[] {1, 2})
                .addF32("x", new long[] {1}, new float[] {1}).add("d", DType.F64, new long[] {1}, new byte[8])
                .write(dir.resolve("ok.safetensors"));
        try (var f = SafetensorsFile.open(p)) {
            assertThatThrownBy(() -> f.floats("ids")).isExactlyInstanceOf(HoneException.class)
                    .hasMessage(p + ": tensor 'ids' is I64; floats() reads F32, BF16 or F16");
            assertThatThrownBy(() -> f.floats("d")).hasMessage(p + ": tensor 'd' is F64; floats() reads F32, BF16 or F16");
            assertThatThrownBy(() -> f.longs("x")).hasMessage(p + ": tensor 'x' is F32; longs() reads integer tensors "
                    + "(I64, I32, I16, I8, U32, U16, U8, BOOL)");
            assertThatThrownBy(() -> f.shape("nope")).hasMessage(p + ": no tensor named 'nope' (the file has 3 tensors)");
            f.close();
            assertThatThrownBy(() -> f.floats("x")).hasMessage(p + ": already closed");
        }
        assertThatThrownBy(() -> SafetensorsFile.open(dir.resolve("missing.safetensors")))
                .hasMessage(dir.resolve("missing.safetensors") + ": file not found");
        assertThatThrownBy(() -> SafetensorsFile.open(dir))
                .hasMessage(dir + ": is a directory, expected a .safetensors file");
    }

    @Test
    void randomCorruptionNeverEscapesAsAnotherException() throws IOException {
        byte[] good = Files.readAllBytes(SafetensorsFixturesTest.FIXTURES.resolve("tiny-llama/inputs.safetensors"));
        Random rnd = new Random(7);
        int accepted = 0;
        for (int trial = 0; trial < 400; trial++) {
            byte[] b = good.clone();
            switch (trial % 4) {
                case 0 -> b[rnd.nextInt(8 + 80)] = (byte) rnd.nextInt(256); // header bytes
                case 1 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length)); // truncation
                case 2 -> {
                    for (int k = 0; k < 4; k++) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
                default -> rnd.nextBytes(b = new byte[rnd.nextInt(64)]);
            }
            Path p = raw(b);
            try (var f = SafetensorsFile.open(p)) {
                for (String name : f.names()) {
                    try {
                        f.longs(name);
                    } catch (HoneException wrongDtype) {
                        f.bytes(name);
                    }
                }
                accepted++;
            } catch (HoneException expected) {
                assertThat(expected.getMessage()).startsWith(p + ": ").doesNotContain("\n");
            } catch (RuntimeException e) {
                fail("trial " + trial + " escaped as " + e, e);
            }
        }
        assertThat(accepted).isPositive(); // mutations in the data section are still valid files
    }
}
