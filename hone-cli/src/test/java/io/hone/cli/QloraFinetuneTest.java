package io.hone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hone.core.generate.Generator;
import io.hone.core.generate.SamplingConfig;
import io.hone.core.io.SafetensorsFile;
import io.hone.core.model.LlamaModel;
import io.hone.core.model.ModelLoader;
import io.hone.core.tokenizer.Tokenizer;
import io.hone.train.PeftAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.hone.cli.FinetuneCommandTest.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hone finetune --method qlora} end to end on {@link FinetuneCommandTest}'s tiny model and upper-casing task:
 * the same run as LoRA over the FP32 base, but over an NF4 + double-quant base quantized on load, ends at a held-out loss
 * within 5 % of the FP32 run's; {@code hone merge} of the QLoRA adapter onto the bitsandbytes 4-bit folder dequantizes it.
 */
class QloraFinetuneTest {
    @TempDir
    Path tmp;

    Path run(Path base, Path data, String method, String name) {
        Path out = tmp.resolve(name);
        Cli r = Cli.run("finetune", "--model", base.toString(), "--data", data.toString(), "--out", out.toString(),
                "--method", method, "--rank", "16", "--alpha", "32", "--dropout", "0", "--lr", "3e-3", "--epochs", "3",
                "--batch", "16", "--schedule", "cosine", "--warmup", "10", "--max-grad-norm", "1.0", "--val-split", "0.1",
                "--eval-every", "20", "--save-limit", "1", "--seed", "3");
        System.out.println(r.out());
        assertThat(r.code()).as(r.err()).isZero();
        return out;
    }

    @Test
    void qloraEndsWithinFivePercentOfLoraAndMergesOntoTheQuantizedBase() throws Exception {
        Path base = FinetuneCommandTest.pretrained(tmp);
        List<String> unseen = List.of("hgfe", "abba", "cafe", "dead");
        Path data = FinetuneCommandTest.task(tmp.resolve("train.jsonl"), 400, 11, Set.copyOf(unseen), String::toUpperCase);
        Path lora = run(base, data, "lora", "lora"), qlora = run(base, data, "qlora", "qlora");
        double l = rows(lora, "eval_loss").getLast().get("eval_loss").asDouble();
        double q = rows(qlora, "eval_loss").getLast().get("eval_loss").asDouble();
        double q0 = rows(qlora, "eval_loss").getFirst().get("eval_loss").asDouble(), l0 = rows(lora, "eval_loss").getFirst().get("eval_loss").asDouble();
        System.out.printf("held-out loss: LoRA-FP32 %.5f -> %.5f, QLoRA NF4+DQ %.5f -> %.5f, relative difference %.2f %%%n",
                l0, l, q0, q, 100 * Math.abs(q - l) / l);
        assertThat(Math.abs(q - l) / l).isLessThanOrEqualTo(0.05);
        assertThat(q).isLessThan(q0 / 10);

        // bitsandbytes 4-bit folder of the base (bit-identical to quantize-on-load), then merge the QLoRA adapter onto it
        Path bnb = tmp.resolve("base-bnb");
        Cli qz = Cli.run("quantize", "--model", base.toString(), "--method", "nf4", "--double-quant", "--out", bnb.toString());
        assertThat(qz.code()).as(qz.err()).isZero();
        Path merged = tmp.resolve("merged");
        Cli m = Cli.run("merge", "--model", bnb.toString(), "--adapter", qlora.resolve("adapter").toString(), "--out", merged.toString(), "--dtype", "f32");
        assertThat(m.code()).as(m.err()).isZero();
        assertThat(m.out()).contains("dequantized 14 4-bit base projections to FP32 before merging").contains("(F32 weights)");
        assertThat(merged.resolve("config.json")).content().doesNotContain("quantization_config");
        try (var f = SafetensorsFile.open(merged.resolve("model.safetensors"))) {
            assertThat(f.names()).noneMatch(n -> n.contains("absmax") || n.contains("quant"));
        }
        LlamaModel nf4 = ModelLoader.load(bnb);
        var adapted = new LlamaModel(nf4.config(), PeftAdapter.load(qlora.resolve("adapter"), nf4.weights()).weights());
        LlamaModel dense = ModelLoader.load(merged);
        try (Tokenizer tok = Tokenizer.load(base)) {
            for (String w : unseen) {
                var a = new Generator(adapted).generate(tok.encode(w + ">", true), SamplingConfig.greedy(8), tok.eosIds(), id -> true);
                var b = new Generator(dense).generate(tok.encode(w + ">", true), SamplingConfig.greedy(8), tok.eosIds(), id -> true);
                assertThat(tok.decode(b.newTokens(), true)).as(w).isEqualTo(tok.decode(a.newTokens(), true)).isEqualTo(w.toUpperCase());
            }
        }
        // generate over the dense base quantized on load (as the adapter was trained), the adapter folded in
        Cli g = Cli.run("generate", "--model", base.toString(), "--quant", "nf4", "--adapter", qlora.resolve("adapter").toString(),
                "--prompt", unseen.getFirst() + ">", "-n", "8");
        assertThat(g.code()).as(g.err()).isZero();
        assertThat(g.out().strip()).isEqualTo(unseen.getFirst().toUpperCase());
    }

    @Test
    void recipeDefaultsAndDoraRefused() throws Exception {
        Path base = FinetuneCommandTest.tinyModel(tmp);
        Path data = FinetuneCommandTest.task(tmp.resolve("d.jsonl"), 40, 2, Set.of(), String::toUpperCase);
        Path out = tmp.resolve("defaults");
        Cli r = Cli.run("finetune", "--model", base.toString(), "--data", data.toString(), "--out", out.toString(),
                "--method", "qlora", "--steps", "3", "--max-seq-len", "32");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("QLoRA: 14 projections quantized on load in 4 bits (nf4, block 64, double quant, ")
                .contains("constant schedule");
        JsonNode cfg = new ObjectMapper().readTree(out.resolve("adapter/adapter_config.json").toFile());
        assertThat(cfg.get("r").asInt()).isEqualTo(64);
        assertThat(cfg.get("lora_alpha").asDouble()).isEqualTo(16);
        assertThat(cfg.get("target_modules")).hasSize(14);
        assertThat(cfg.get("base_model_name_or_path").asText()).isEqualTo(base.toAbsolutePath().toString());
        var lrs = new ArrayList<Double>();
        for (JsonNode n : rows(out, "loss")) lrs.add(n.get("lr").asDouble());
        assertThat(lrs).containsOnly(2e-4).hasSize(3);

        Cli dora = Cli.run("finetune", "--model", base.toString(), "--data", data.toString(), "--out", tmp.resolve("d").toString(),
                "--method", "qlora", "--dora");
        assertThat(dora.code()).isEqualTo(2);
        assertThat(dora.err()).startsWith("hone: --dora is not supported with --method qlora");
        Cli bad = Cli.run("finetune", "--model", base.toString(), "--data", data.toString(), "--out", tmp.resolve("e").toString(),
                "--quant", "nf4");
        assertThat(bad.err()).startsWith("hone: --quant, --double-quant and --block-size need --method qlora");
        assertThat(Cli.run("finetune", "--help").out().replaceAll("\\s+", " ")).contains("--rank 64 --alpha 16 --targets all-linear --lr 2e-4 --max-grad-norm 0.3 --schedule constant");
    }
}
