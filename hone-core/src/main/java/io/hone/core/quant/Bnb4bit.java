package io.hone.core.quant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hone.core.HoneException;
import io.hone.core.chat.PyRepr;
import io.hone.core.io.DType;
import io.hone.core.io.SafetensorsWriter;
import io.hone.core.io.TensorSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One linear layer's weight in a bitsandbytes 4-bit checkpoint, as {@code Linear4bit._save_to_state_dict} writes
 * it ({@code QuantState.as_dict(packed=True)}), under {@code PREFIX.weight}:
 * <ul>
 *   <li>{@code weight} U8 [(n+1)/2, 1]: the packed nibbles</li>
 *   <li>{@code weight.absmax}: F32 [blocks], or U8 [blocks] when double-quantized, then also
 *       {@code weight.nested_absmax} F32 [⌈blocks/256⌉] and {@code weight.nested_quant_map} F32 [256]</li>
 *   <li>{@code weight.quant_map} F32 [16]: the code book</li>
 *   <li>{@code weight.quant_state.bitsandbytes__nf4} (or {@code __fp4}) U8: the UTF-8 bytes of Python's
 *       {@code json.dumps} of {@code quant_type, blocksize, dtype, shape} (+ {@code nested_blocksize,
 *       nested_dtype, nested_offset})</li>
 * </ul>
 */
public final class Bnb4bit {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Bnb4bit() {}

    /** The quant-state key for a weight prefix such as {@code model.layers.0.self_attn.q_proj}, or null. */
    public static String stateKey(TensorSource src, String prefix) {
        for (String t : new String[]{"nf4", "fp4"}) {
            String k = prefix + ".weight.quant_state.bitsandbytes__" + t;
            if (src.has(k)) return k;
        }
        return null;
    }

    public static boolean isQuantized(TensorSource src, String prefix) {
        return stateKey(src, prefix) != null;
    }

    /** The JSON string bitsandbytes packs into the quant-state tensor. */
    public static String stateJson(Nf4Tensor t, String dtype) {
        StringBuilder s = new StringBuilder();
        s.append("{\"quant_type\": \"").append(t.type().bnbName()).append("\", \"blocksize\": ").append(t.blockSize())
                .append(", \"dtype\": \"").append(dtype).append("\", \"shape\": [").append(t.rows()).append(", ").append(t.cols()).append(']');
        if (t.nested() != null) {
            s.append(", \"nested_blocksize\": ").append(DoubleQuant.BLOCK).append(", \"nested_dtype\": \"float32\", \"nested_offset\": ")
                    .append(PyRepr.floatRepr(t.nested().offset()));
        }
        return s.append('}').toString();
    }

    /** Adds the tensors of {@code t} under {@code prefix}; {@code dtype} is the torch dtype it was quantized from. */
    public static void write(SafetensorsWriter w, String prefix, Nf4Tensor t, String dtype) {
        if (t.type() == QuantType.INT4) throw new HoneException(prefix + ": bitsandbytes checkpoints hold nf4 or fp4, not int4");
        String p = prefix + ".weight";
        w.addU8(p, new long[]{t.packed().length, 1}, t.packed());
        if (t.nested() == null) {
            w.addF32(p + ".absmax", new long[]{t.blocks()}, t.absmax());
        } else {
            DoubleQuant n = t.nested();
            w.addU8(p + ".absmax", new long[]{n.codes().length}, n.codes());
            w.addF32(p + ".nested_absmax", new long[]{n.scales().length}, n.scales());
            w.addF32(p + ".nested_quant_map", new long[]{256}, n.map());
        }
        w.addF32(p + ".quant_map", new long[]{16}, t.type().code());
        byte[] json = stateJson(t, dtype).getBytes(StandardCharsets.UTF_8);
        w.addU8(p + ".quant_state.bitsandbytes__" + t.type().bnbName(), new long[]{json.length}, json);
    }

    /** Reads the 4-bit weight under {@code prefix}, checking it against the [out, in] the config implies. */
    public static Nf4Tensor read(TensorSource src, String prefix, int out, int in) {
        String key = stateKey(src, prefix);
        if (key == null) throw new HoneException(src.describe() + ": '" + prefix + ".weight' is not a bitsandbytes 4-bit weight");
        String p = prefix + ".weight", where = src.describe(p);
        JsonNode st;
        try {
            st = JSON.readTree(new String(src.bytes(key), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new HoneException(where + ": '" + key + "' is not valid JSON (" + e.getMessage() + ")");
        }
        QuantType type;
        try {
            type = QuantType.fromBnbName(st.path("quant_type").asText());
        } catch (IllegalArgumentException e) {
            throw new HoneException(where + ": " + key + ": " + e.getMessage());
        }
        if (type == QuantType.INT4 || !key.endsWith(type.bnbName())) throw new HoneException(where + ": " + key + " says quant_type '" + type.bnbName() + "'");
        JsonNode shape = st.path("shape");
        if (!shape.isArray() || shape.size() != 2 || shape.get(0).asLong() != out || shape.get(1).asLong() != in) {
            throw new HoneException(where + ": '" + p + "' has quant_state shape " + shape + " but config.json implies [" + out + ", " + in + "]");
        }
        int bs = st.path("blocksize").asInt(-1);
        if (bs < 16 || Integer.bitCount(bs) != 1) throw new HoneException(where + ": '" + p + "' has unsupported blocksize " + st.path("blocksize"));
        long n = (long) out * in, blocks = (n + bs - 1) / bs;
        byte[] packed = bytesOf(src, p, new long[]{(n + 1) / 2, 1});
        float[] code = floatsOf(src, p + ".quant_map", 16);
        if (!Arrays.equals(code, type.code())) throw new HoneException(where + ": '" + p + ".quant_map' is not bitsandbytes' " + type.bnbName() + " code book");
        if (src.has(p + ".nested_absmax")) {
            if (st.path("nested_blocksize").asInt() != DoubleQuant.BLOCK) {
                throw new HoneException(where + ": '" + p + "' has nested_blocksize " + st.path("nested_blocksize") + " (hone reads 256)");
            }
            if (!st.path("nested_offset").isNumber()) throw new HoneException(where + ": '" + key + "' lacks nested_offset");
            byte[] codes = bytesOf(src, p + ".absmax", new long[]{blocks});
            float[] scales = floatsOf(src, p + ".nested_absmax", (blocks + DoubleQuant.BLOCK - 1) / DoubleQuant.BLOCK);
            float[] map = floatsOf(src, p + ".nested_quant_map", 256);
            var dq = new DoubleQuant(codes, scales, map, (float) st.path("nested_offset").asDouble());
            return new Nf4Tensor(type, out, in, bs, packed, null, dq);
        }
        return new Nf4Tensor(type, out, in, bs, packed, floatsOf(src, p + ".absmax", blocks), null);
    }

    /** The torch dtype name recorded in a weight's quant state (what it was quantized from). */
    public static String dtype(TensorSource src, String prefix) {
        try {
            return JSON.readTree(new String(src.bytes(stateKey(src, prefix)), StandardCharsets.UTF_8)).path("dtype").asText();
        } catch (Exception e) {
            throw new HoneException(src.describe() + ": bad quant state for '" + prefix + "'");
        }
    }

    private static byte[] bytesOf(TensorSource src, String name, long[] shape) {
        checkShape(src, name, shape);
        byte[] b = src.bytes(name);
        long want = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        if (b.length != want) throw new HoneException(src.describe(name) + ": '" + name + "' should be U8 (" + b.length + " bytes for " + want + " values)");
        return b;
    }

    private static float[] floatsOf(TensorSource src, String name, long count) {
        checkShape(src, name, new long[]{count});
        return src.floats(name);
    }

    private static void checkShape(TensorSource src, String name, long[] shape) {
        if (!src.has(name)) throw new HoneException(src.describe() + ": tensor '" + name + "' is missing (bitsandbytes 4-bit weight)");
        if (!Arrays.equals(src.shape(name), shape)) {
            throw new HoneException(src.describe(name) + ": tensor '" + name + "' has shape " + Arrays.toString(src.shape(name)) + ", expected " + Arrays.toString(shape));
        }
    }
}
