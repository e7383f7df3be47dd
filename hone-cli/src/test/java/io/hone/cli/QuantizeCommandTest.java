package io.hone.cli;

import io.hone.core.io.DType;
import io.hone.core.io.SafetensorsFile;
import io.hone.core.model.LlamaModel;
import io.hone.core.model.ModelLoader;
import io.hone.core.quant.Nf4Linear;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class QuantizeCommandTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama", "tiny-qwen2", "tiny-llama3-rope"})
    void writesABnb4bitFolderThatLoadsAndStaysClose(String model) throws Exception {
        Path src = Cli.FIXTURES.resolve(model), out = tmp.resolve(model);
        Cli r = Cli.run("quantize", "--model", src.toString(), "--method", "nf4", "--double-quant", "--block-size", "64", "--out", out.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("wrote " + out + ": 14 linear weights as nf4 + double quant, block 64");
        assertThat(out.resolve("generation_config.json")).exists();
        try (var f = SafetensorsFile.open(out.resolve("model.safetensors"))) {
            String p = "model.layers.1.mlp.down_proj.weight";
            assertThat(f.info(p).dtype()).isEqualTo(DType.U8);
            assertThat(f.shape(p)[1]).isEqualTo(1);
            assertThat(f.info(p + ".absmax").dtype()).isEqualTo(DType.U8);
            assertThat(f.info(p + ".nested_absmax").dtype()).isEqualTo(DType.F32);
            assertThat(f.has(p + ".quant_state.bitsandbytes__nf4")).isTrue();
            assertThat(f.info("model.embed_tokens.weight").dtype()).isEqualTo(model.equals("tiny-llama") ? DType.BF16 : DType.F32);
        }
        assertThat(Files.readString(out.resolve("config.json"))).contains("\"bnb_4bit_use_double_quant\": true", "\"load_in_4bit\": true");

        LlamaModel q = ModelLoader.load(out), ref = ModelLoader.load(src);
        assertThat(q.weights().layers()[0].q()).isInstanceOf(Nf4Linear.class);
        int[] ids = {1, 15, 22, 7, 300, 41, 2, 9};
        float[] a = q.forward(ids, q.newCache(ids.length), true, null), b = ref.forward(ids, ref.newCache(ids.length), true, null);
        double max = 0, mean = 0, refMax = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
            mean += Math.abs(a[i] - b[i]) / a.length;
            refMax = Math.max(refMax, Math.abs(b[i]));
        }
        System.out.printf("%s: quantized logits max |diff| %.4f, mean %.5f (max |logit| %.3f)%n", model, max, mean, refMax);
        assertThat(max).isLessThan(0.5 * refMax);
    }

    @Test
    void badBlockSizeIsAClearError() {
        Cli r = Cli.run("quantize", "--model", Cli.FIXTURES.resolve("tiny-qwen2").toString(), "--block-size", "48", "--out", tmp.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("hone: --block-size: block size must be a power of two in 32..4096, got 48");
        Cli small = Cli.run("quantize", "--model", Cli.FIXTURES.resolve("tiny-qwen2").toString(), "--block-size", "32", "--out", tmp.toString());
        assertThat(small.err().strip()).isEqualTo("hone: bitsandbytes 4-bit kernels take block sizes 64..4096, got 32");
    }
}
