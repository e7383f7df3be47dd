package io.hone.core.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.hone.core.HoneException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and validated header of a safetensors file. Validation follows the Rust reference implementation:
 * tensors must tile the data section exactly (no gap, no overlap, nothing after the last tensor), so a file
 * accepted here is one {@code safetensors} in Python also accepts, and no read can leave the mapped data.
 */
record SafetensorsHeader(Map<String, TensorInfo> tensors, Map<String, String> metadata, long dataStart, long dataSize) {

    static final long MAX_HEADER_BYTES = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final ValueLayout.OfLong U64_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Parses the header of a whole file mapped as {@code file}; {@code where} names it in error messages. */
    static SafetensorsHeader parse(String where, MemorySegment file) {
        long size = file.byteSize();
        if (size < 8) {
            throw fail(where, "file is " + size + " bytes, too short for a safetensors header (needs at least 8)");
        }
        long n = file.get(U64_LE, 0);
        if (Long.compareUnsigned(n, MAX_HEADER_BYTES) > 0) {
            throw fail(where, "header length " + Long.toUnsignedString(n) + " is over the " + MAX_HEADER_BYTES
                    + "-byte limit; this is not a safetensors file");
        }
        if (n > size - 8) {
            throw fail(where, "header length " + n + " exceeds the file size (" + size
                    + " bytes); the file is truncated or not safetensors");
        }
        byte[] json = file.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE);
        if (n == 0 || json[0] != '{') {
            throw fail(where, "header is not a JSON object (it must start with '{'); this is not a safetensors file");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw fail(where, "header is not valid JSON (" + oneLine(e.getOriginalMessage()) + ")");
        } catch (java.io.IOException e) {
            throw fail(where, "header could not be read (" + oneLine(e.getMessage()) + ")");
        }
        if (root == null || !root.isObject()) {
            throw fail(where, "header must be a JSON object");
        }
        long dataSize = size - 8 - n;
        Map<String, String> metadata = Map.of();
        List<TensorInfo> tensors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().equals(METADATA_KEY)) {
                metadata = parseMetadata(where, e.getValue());
            } else {
                tensors.add(parseTensor(where, e.getKey(), e.getValue(), dataSize));
            }
        }
        checkTiling(where, tensors, dataSize);
        Map<String, TensorInfo> byName = new LinkedHashMap<>();
        for (TensorInfo t : tensors) byName.put(t.name(), t);
        return new SafetensorsHeader(Collections.unmodifiableMap(byName), metadata, 8 + n, dataSize);
    }

    private static Map<String, String> parseMetadata(String where, JsonNode node) {
        if (!node.isObject()) {
            throw fail(where, "\"" + METADATA_KEY + "\" must be an object of strings");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw fail(where, "\"" + METADATA_KEY + "\" value for '" + e.getKey() + "' must be a string, found "
                        + e.getValue().getNodeType().name().toLowerCase());
            }
            m.put(e.getKey(), e.getValue().textValue());
        }
        return Collections.unmodifiableMap(m);
    }

    private static TensorInfo parseTensor(String where, String name, JsonNode node, long dataSize) {
        String t = "tensor '" + name + "'";
        if (!node.isObject()) {
            throw fail(where, t + " must be an object with dtype, shape and data_offsets");
        }
        JsonNode dtypeNode = required(where, t, node, "dtype");
        JsonNode shapeNode = required(where, t, node, "shape");
        JsonNode offsetsNode = required(where, t, node, "data_offsets");

        if (!dtypeNode.isTextual()) {
            throw fail(where, t + " dtype must be a string such as \"F32\"");
        }
        DType dtype = DType.fromSafetensorsName(dtypeNode.textValue()).orElseThrow(() -> fail(where,
                t + " has unknown dtype '" + dtypeNode.textValue() + "' (expected one of " + DType.allNames() + ")"));

        if (!shapeNode.isArray()) {
            throw fail(where, t + " shape must be an array of dimensions");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong()) {
                throw fail(where, t + " shape " + shapeNode + " must contain only integers");
            }
            shape[i] = d.longValue();
            if (shape[i] < 0) {
                throw fail(where, t + " has negative dimension " + shape[i] + " in shape " + shapeNode);
            }
        }

        if (!offsetsNode.isArray() || offsetsNode.size() != 2 || !isLong(offsetsNode.get(0)) || !isLong(offsetsNode.get(1))) {
            throw fail(where, t + " data_offsets must be [begin, end], found " + offsetsNode);
        }
        long begin = offsetsNode.get(0).longValue();
        long end = offsetsNode.get(1).longValue();
        String offs = "data_offsets [" + begin + ", " + end + "]";
        if (begin < 0 || end < 0) {
            throw fail(where, t + " " + offs + " must not be negative");
        }
        if (begin > end) {
            throw fail(where, t + " " + offs + " have begin > end");
        }
        if (end > dataSize) {
            throw fail(where, t + " " + offs + " exceed the data section (" + dataSize
                    + " bytes); the file is truncated or corrupt");
        }
        long expected;
        try {
            long count = 1;
            for (long d : shape) count = Math.multiplyExact(count, d);
            expected = Math.multiplyExact(count, (long) dtype.byteSize());
        } catch (ArithmeticException overflow) {
            throw fail(where, t + " shape " + Arrays.toString(shape) + " is too large");
        }
        if (end - begin != expected) {
            throw fail(where, t + " " + offs + " hold " + (end - begin) + " bytes but shape "
                    + Arrays.toString(shape) + " of " + dtype + " needs " + expected);
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    /** Sorts {@code tensors} by offset and checks that they cover {@code [0, dataSize)} exactly once. */
    private static void checkTiling(String where, List<TensorInfo> tensors, long dataSize) {
        tensors.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long covered = 0;
        TensorInfo previous = null;
        for (TensorInfo t : tensors) {
            if (t.begin() < covered) {
                throw fail(where, "tensor '" + t.name() + "' data_offsets [" + t.begin() + ", " + t.end()
                        + "] overlap tensor '" + previous.name() + "' [" + previous.begin() + ", " + previous.end() + "]");
            }
            if (t.begin() > covered) {
                throw fail(where, "gap of " + (t.begin() - covered) + " bytes before tensor '" + t.name()
                        + "' (data_offsets [" + t.begin() + ", " + t.end()
                        + "]); tensors must cover the data section contiguously");
            }
            covered = t.end();
            previous = t;
        }
        if (covered != dataSize) {
            throw fail(where, (dataSize - covered) + " unexpected bytes after the last tensor (tensors end at "
                    + covered + ", data section is " + dataSize + " bytes); the file is corrupt");
        }
    }

    private static JsonNode required(String where, String t, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw fail(where, t + " is missing \"" + field + "\"");
        }
        return v;
    }

    private static boolean isLong(JsonNode n) {
        return n.isIntegralNumber() && n.canConvertToLong();
    }

    static String oneLine(String s) {
        if (s == null) return "no details";
        String line = s.replaceAll("\\s+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    static HoneException fail(String where, String what) {
        return new HoneException(where + ": " + what);
    }
}
