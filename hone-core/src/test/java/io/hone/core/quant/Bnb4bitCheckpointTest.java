package io.hone.core.quant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hone.core.HoneException;
import io.hone.core.io.SafetensorsModelFiles;
import io.hone.core.io.DType;
import io.hone.core.io.SafetensorsFile;
import io.hone.core.io.SafetensorsWriter;
import io.hone.core.model.LlamaModel;
import io.hone.core.model.ModelLoader;
import io.hone.core.ops.DenseLinear;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Bnb4bitCheckpointTest {
    static final Path FIXTURES = Path.of(System.getProperty("hone.fixtures", "../shared/fixtures"));

    @TempDir
    Path tmp;

    @Test
    void writesTheKeysDtypesAndShapesTransformersSaves() throws Exception {
        Path out = tmp.resolve("q");
        int n = Bnb4bitWriter.write(FIXTURES.resolve("tiny-llama"), out, QuantConfig.QLORA);
        assertThat(n).isEqualTo(14);
        try (var f = SafetensorsFile.open(out.resolve("model.safetensors"));
             var src = SafetensorsFile.open(FIXTURES.resolve("tiny-llama/model.safetensors"))) {
            String p = "model.layers.0.self_attn.q_proj.weight";
            Set<String> keys = new TreeSet<>();
            for (String k : f.names()) if (k.startsWith(p)) keys.add(k);
            assertThat(keys).containsExactly(p, p + ".absmax", p + ".nested_absmax", p + ".nested_quant_map",
                    p + ".quant_map", p + ".quant_state.bitsandbytes__nf4");
            assertThat(f.info(p).dtype()).isEqualTo(DType.U8);
            assertThat(f.shape(p)).containsExactly(64 * 64 / 2, 1);
            assertThat(f.info(p + ".absmax").dtype()).isEqualTo(DType.U8);
            assertThat(f.shape(p + ".absmax")).containsExactly(64);
            assertThat(f.info(p + ".nested_absmax").dtype()).isEqualTo(DType.F32);
            assertThat(f.shape(p + ".nested_absmax")).containsExactly(1);
            assertThat(f.shape(p + ".nested_quant_map")).containsExactly(256);
            assertThat(f.floats(p + ".quant_map")).containsExactly(QuantType.NF4.code());
            assertThat(f.floats(p + ".nested_quant_map")).containsExactly(DynamicMap.signed());
            String json = new String(f.bytes(p + ".quant_state.bitsandbytes__nf4"), StandardCharsets.UTF_8);
            assertThat(json).matches("\\{\"quant_type\": \"nf4\", \"blocksize\": 64, \"dtype\": \"bfloat16\", \"shape\": \\[64, 64], "
                    + "\"nested_blocksize\": 256, \"nested_dtype\": \"float32\", \"nested_offset\": 0\\.0\\d+}");
            // everything that is not a decoder projection is copied byte for byte: embeddings, norms (tied: no lm_head)
            for (String k : src.names()) {
                if (Bnb4bitWriter.PROJECTION.matcher(k).matches()) {
                    assertThat(f.has(k + ".quant_state.bitsandbytes__nf4")).as(k).isTrue();
                } else {
                    assertThat(f.info(k).dtype()).isEqualTo(src.info(k).dtype());
                    assertThat(f.bytes(k)).as(k).isEqualTo(src.bytes(k));
                }
            }
            assertThat(f.has("lm_head.weight")).isFalse();
        }
        JsonNode cfg = new ObjectMapper().readTree(out.resolve("config.json").toFile());
        JsonNode q = cfg.get("quantization_config");
        assertThat(q.get("quant_method").asText()).isEqualTo("bitsandbytes");
        assertThat(q.get("load_in_4bit").asBoolean()).isTrue();
        assertThat(q.get("bnb_4bit_quant_type").asText()).isEqualTo("nf4");
        assertThat(q.get("bnb_4bit_use_double_quant").asBoolean()).isTrue();
        assertThat(q.get("bnb_4bit_compute_dtype").asText()).isEqualTo("bfloat16");
        assertThat(q.get("bnb_4bit_quant_storage").asText()).isEqualTo("uint8");
        assertThat(Files.readString(out.resolve("config.json"))).contains("\"quant_method\": \"bitsandbytes\"");
        for (String copied : List.of("tokenizer.json", "tokenizer_config.json", "generation_config.json", "chat_template.jinja")) {
            assertThat(out.resolve(copied)).hasSameBinaryContentAs(FIXTURES.resolve("tiny-llama").resolve(copied));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nf4-dq", "nf4", "fp4-dq", "fp4"})
    void roundTripIsExact(String method) {
        QuantConfig cfg = new QuantConfig(method.startsWith("nf4") ? QuantType.NF4 : QuantType.FP4, 64, method.endsWith("dq"));
        Path out = tmp.resolve(method);
        Bnb4bitWriter.write(FIXTURES.resolve("tiny-qwen2"), out, cfg);
        try (var src = SafetensorsModelFiles.open(FIXTURES.resolve("tiny-qwen2")); var q = SafetensorsModelFiles.open(out)) {
            for (String k : src.names()) {
                if (!Bnb4bitWriter.PROJECTION.matcher(k).matches()) continue;
                String prefix = k.substring(0, k.length() - ".weight".length());
                long[] s = src.shape(k);
                Nf4Tensor direct = Nf4Tensor.quantize(src.floats(k), (int) s[0], (int) s[1], cfg);
                Nf4Tensor read = Bnb4bit.read(q, prefix, (int) s[0], (int) s[1]);
                assertThat(read.packed()).isEqualTo(direct.packed());
                assertThat(read.scales()).containsExactly(direct.scales());
                assertThat(read.dequantize()).containsExactly(direct.dequantize());
                assertThat(read.doubleQuant()).isEqualTo(cfg.doubleQuant());
                assertThat(Bnb4bit.dtype(q, prefix)).isEqualTo("float32");
            }
        }
    }

    @Test
    void loadsAsNf4LinearAndMatchesQuantizeOnLoadBitForBit() {
        Path dir = FIXTURES.resolve("tiny-llama3-rope"), out = tmp.resolve("q");
        Bnb4bitWriter.write(dir, out, QuantConfig.QLORA);
        LlamaModel loaded = ModelLoader.load(out), onLoad = ModelLoader.load(dir, QuantConfig.QLORA);
        assertThat(loaded.weights().layers()[1].down()).isInstanceOf(Nf4Linear.class);
        assertThat(loaded.weights().lmHead()).isInstanceOf(DenseLinear.class);
        int[] ids = {1, 5, 9, 200, 3, 77, 14};
        assertThat(loaded.forward(ids, loaded.newCache(ids.length), true, null))
                .containsExactly(onLoad.forward(ids, onLoad.newCache(ids.length), true, null));
    }

    /** Logit deviation of the NF4+DQ checkpoint from transformers' FP32 logits of the unquantized model. */
    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama", "tiny-qwen2", "tiny-llama3-rope"})
    void quantizedLogitsStayCloseToTheUnquantizedModel(String model) {
        Path dir = FIXTURES.resolve(model), out = tmp.resolve(model);
        Bnb4bitWriter.write(dir, out, QuantConfig.QLORA);
        LlamaModel q = ModelLoader.load(out);
        long[] ids, shape;
        float[] ref;
        try (var in = SafetensorsFile.open(dir.resolve("inputs.safetensors"));
             var fwd = SafetensorsFile.open(dir.resolve("forward.safetensors"))) {
            ids = in.longs("input_ids");
            shape = in.shape("input_ids");
            ref = fwd.floats("logits");
        }
        int batch = (int) shape[0], seq = (int) shape[1], v = q.config().vocabSize();
        double maxDiff = 0, sumDiff = 0, maxRef = 0, sumRef = 0;
        int argmaxSame = 0;
        for (int b = 0; b < batch; b++) {
            int[] row = new int[seq];
            for (int t = 0; t < seq; t++) row[t] = (int) ids[b * seq + t];
            float[] logits = q.forward(row, q.newCache(seq), true, null);
            for (int t = 0; t < seq; t++) {
                int o = (b * seq + t) * v, ga = 0, ra = 0;
                for (int j = 0; j < v; j++) {
                    double d = Math.abs(logits[t * v + j] - ref[o + j]);
                    maxDiff = Math.max(maxDiff, d);
                    sumDiff += d;
                    maxRef = Math.max(maxRef, Math.abs(ref[o + j]));
                    sumRef += Math.abs(ref[o + j]);
                    if (logits[t * v + j] > logits[t * v + ga]) ga = j;
                    if (ref[o + j] > ref[o + ra]) ra = j;
                }
                if (ga == ra) argmaxSame++;
            }
        }
        long n = (long) batch * seq * v;
        System.out.printf("%s NF4+DQ logits vs FP32: max |diff| %.4f (max |ref| %.3f), mean |diff| %.5f (mean |ref| %.4f), argmax agrees %d/%d%n",
                model, maxDiff, maxRef, sumDiff / n, sumRef / n, argmaxSame, batch * seq);
        assertThat(sumDiff / n).isLessThan(0.25 * sumRef / n);
        assertThat(maxDiff).isLessThan(0.5 * maxRef);
    }

    @Test
    void badCheckpointsFailWithTheTensorName() {
        Path out = tmp.resolve("bad");
        Bnb4bitWriter.write(FIXTURES.resolve("tiny-qwen2"), out, QuantConfig.QLORA);
        try (var q = SafetensorsModelFiles.open(out)) {
            assertThatThrownBy(() -> Bnb4bit.read(q, "model.layers.0.self_attn.q_proj", 64, 32))
                    .isInstanceOf(HoneException.class)
                    .hasMessageContaining("'model.layers.0.self_attn.q_proj.weight' has quant_state shape [64,64] but config.json implies [64, 32]");
            // drop the nested scales: the reader names what is missing
            SafetensorsWriter w = new SafetensorsWriter();
            List<String> names = new ArrayList<>(q.names());
            for (String k : names) {
                if (k.equals("model.layers.0.self_attn.q_proj.weight.nested_quant_map")) continue;
                w.add(k, q.info(k).dtype(), q.info(k).shape(), q.segment(k));
            }
            Path broken = tmp.resolve("broken.safetensors");
            w.write(broken);
            try (var b = SafetensorsFile.open(broken)) {
                assertThatThrownBy(() -> Bnb4bit.read(b, "model.layers.0.self_attn.q_proj", 64, 64))
                        .hasMessageContaining("tensor 'model.layers.0.self_attn.q_proj.weight.nested_quant_map' is missing");
            }
        }
        assertThatThrownBy(() -> Bnb4bitWriter.write(out, tmp.resolve("again"), QuantConfig.QLORA))
                .hasMessageContaining("already quantized");
    }
}
