package io.hone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hone.core.generate.Generator;
import io.hone.core.generate.SamplingConfig;
import io.hone.core.model.ConfigWriter;
import io.hone.core.model.LlamaModel;
import io.hone.core.model.ModelConfig;
import io.hone.core.model.ModelLoader;
import io.hone.core.model.RopeScaling;
import io.hone.core.tokenizer.Tokenizer;
import io.hone.train.PeftAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end: a tiny random Llama made by {@code hone init-model} with a character-level tokenizer learns to upper-case
 * four letters ({"prompt": "abcd>", "completion": "ABCD"}); held-out loss falls by a large factor and greedy decoding
 * with the trained adapter writes the upper-cased letters for words it never saw.
 */
class FinetuneCommandTest {
    static final Path TOKENIZER = Path.of("../hone-train/src/test/resources/char-tokenizer");

    @TempDir
    Path tmp;

    static Path tinyModel(Path tmp) throws Exception {
        var cfg = new ModelConfig("llama", 100, 64, 128, 2, 4, 2, 16, 1e-5, RopeScaling.plain(10000), 256,
                true, false, false, false, 0, 1, List.of(2), "float32");
        Path cfgFile = tmp.resolve("tiny-config.json");
        ConfigWriter.write(cfg, cfgFile);
        Path dir = tmp.resolve("base");
        Cli r = Cli.run("init-model", "--config", cfgFile.toString(), "--out", dir.toString(), "--seed", "1");
        assertThat(r.code()).as(r.err()).isZero();
        for (String f : List.of("tokenizer.json", "tokenizer_config.json")) {
            Files.copy(TOKENIZER.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    /** {"prompt": "abcd>", "completion": f(abcd)} over four letters from a..h, none of {@code avoid}. */
    static Path task(Path file, int n, long seed, Set<String> avoid, java.util.function.UnaryOperator<String> f) throws Exception {
        var rnd = new SplittableRandom(seed);
        var lines = new ArrayList<String>();
        while (lines.size() < n) {
            String w = word(rnd);
            if (avoid.contains(w.toLowerCase())) continue;
            lines.add("{\"prompt\": \"" + w + ">\", \"completion\": \"" + f.apply(w) + "\"}");
        }
        Files.write(file, lines);
        return file;
    }

    /** Four letters from a..h, each upper-case half of the time. */
    static String word(SplittableRandom rnd) {
        var s = new StringBuilder();
        for (int k = 0; k < 4; k++) {
            char c = (char) ('a' + rnd.nextInt(8));
            s.append(rnd.nextInt(2) == 0 ? Character.toUpperCase(c) : c);
        }
        return s.toString();
    }

    /**
     * A random model's embeddings are N(0, 0.02²): with them frozen, no adapter can make confident predictions. So the
     * base is first fully fine-tuned to copy mixed-case words ("aBcd>aBcd"), like a pretrained model that knows both cases.
     */
    static Path pretrained(Path tmp) throws Exception {
        Path base = tinyModel(tmp);
        Path data = task(tmp.resolve("copy.jsonl"), 600, 5, Set.of(), w -> w);
        Path out = tmp.resolve("pretrain");
        Cli r = Cli.run("finetune", "--model", base.toString(), "--data", data.toString(), "--out", out.toString(),
                "--method", "full", "--lr", "3e-3", "--epochs", "6", "--batch", "16", "--schedule", "cosine", "--warmup", "20",
                "--val-split", "0.05", "--eval-every", "50", "--seed", "1", "--save-limit", "1");
        System.out.println(r.out());
        assertThat(r.code()).as(r.err()).isZero();
        return out.resolve("model");
    }

    @Test
    void loraLearnsTheTaskAndTheAdapterGeneratesIt() throws Exception {
        Path base = pretrained(tmp);
        List<String> unseen = List.of("hgfe", "abba", "cafe", "dead");
        Path data = task(tmp.resolve("train.jsonl"), 400, 11, Set.copyOf(unseen), w -> w.toUpperCase());
        Path out = tmp.resolve("run");
        Cli r = Cli.run("finetune", "--model", base.toString(), "--data", data.toString(), "--out", out.toString(),
                "--method", "lora", "--rank", "16", "--alpha", "32", "--dropout", "0", "--lr", "3e-3", "--epochs", "3",
                "--batch", "16", "--schedule", "cosine", "--warmup", "10", "--val-split", "0.1", "--eval-every", "20",
                "--save-every", "25", "--seed", "3");
        System.out.println(r.out());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("trainable params: ").contains("wrote " + out.resolve("adapter"));

        List<JsonNode> evals = rows(out, "eval_loss"), train = rows(out, "loss");
        double first = evals.getFirst().get("eval_loss").asDouble(), last = evals.getLast().get("eval_loss").asDouble();
        System.out.printf("eval loss %.4f -> %.4f, train loss %.4f -> %.4f, %d steps, %.0f tokens/s%n", first, last,
                train.getFirst().get("loss").asDouble(), train.getLast().get("loss").asDouble(), train.size(),
                train.stream().mapToDouble(n -> n.get("tokens_per_s").asDouble()).average().orElseThrow());
        assertThat(last).isLessThan(first / 10);
        assertThat(out.resolve("loss.html")).content().contains("<svg");
        assertThat(out.resolve("metrics.jsonl")).isRegularFile();
        assertThat(Files.list(out).map(p -> p.getFileName().toString()).filter(n -> n.startsWith("checkpoint-")).toList()).isNotEmpty();
        assertThat(out.resolve("adapter/adapter_config.json")).isRegularFile();

        // the adapter as written (PEFT layout) on the base model, run by the inference forward
        LlamaModel baseModel = ModelLoader.load(base);
        var adapted = PeftAdapter.load(out.resolve("adapter"), baseModel.weights());
        var model = new LlamaModel(baseModel.config(), adapted.weights());
        try (Tokenizer tok = Tokenizer.load(base)) {
            for (String w : unseen) {
                var res = new Generator(model).generate(tok.encode(w + ">", true), SamplingConfig.greedy(8), tok.eosIds(), id -> true);
                assertThat(tok.decode(res.newTokens(), true)).as(w).isEqualTo(w.toUpperCase());
            }
        }
    }

    @Test
    void configFileGivesTheOptionsAndTheCommandLineWins() throws Exception {
        Path base = tinyModel(tmp);
        Path data = task(tmp.resolve("d.jsonl"), 40, 2, Set.of(), String::toUpperCase);
        Path out = tmp.resolve("cfg-run");
        Path yaml = tmp.resolve("run.yaml");
        Files.writeString(yaml, "model: " + base + "\ndata: " + data + "\nout: " + out + "\nmethod: lora\nsteps: 5\n"
                + "targets: [q_proj, v_proj]\nmax_seq_len: 32\npacking: true\nlr: 1e-3\nrslora: true\n");
        Cli r = Cli.run("finetune", "--config", yaml.toString(), "--steps", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(rows(out, "loss")).hasSize(2);
        JsonNode adapter = new ObjectMapper().readTree(out.resolve("adapter/adapter_config.json").toFile());
        assertThat(adapter.get("target_modules").toString()).isEqualTo("[\"q_proj\",\"v_proj\"]");
        assertThat(adapter.get("use_rslora").asBoolean()).isTrue();

        Files.writeString(yaml, "model: " + base + "\nlearning_rate: 1e-3\n");
        Cli bad = Cli.run("finetune", "--config", yaml.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("hone: " + yaml + ": unknown key 'learning_rate'" + System.lineSeparator());
    }

    @Test
    void resumingFromTheLastCheckpointPrintsTheRecordedLossAndRemovesKilledWritesLeftovers() throws Exception {
        Path base = tinyModel(tmp);
        Path data = task(tmp.resolve("d.jsonl"), 40, 2, Set.of(), String::toUpperCase);
        Path out = tmp.resolve("run");
        String[] args = {"finetune", "--model", base.toString(), "--data", data.toString(), "--out", out.toString(), "--steps", "3",
                "--targets", "q_proj,v_proj", "--max-seq-len", "32", "--lr", "1e-3", "--val-split", "0.1"};
        Cli first = Cli.run(args);
        assertThat(first.code()).as(first.err()).isZero();
        Path leftover = Files.createDirectories(out.resolve(".adapter.7b2e00aa11bb22cc.tmp"));
        Path chart = Files.writeString(out.resolve(".loss.png.00c0ffee00c0ffee.tmp"), "half");

        String[] resume = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--resume", out.toString()))
                .toArray(String[]::new);
        Cli again = Cli.run(resume);
        assertThat(again.code()).as(again.err()).isZero();
        double loss = rows(out, "loss").getLast().get("loss").asDouble(), eval = rows(out, "eval_loss").getLast().get("eval_loss").asDouble();
        assertThat(again.out()).doesNotContain("NaN")
                .contains(String.format(java.util.Locale.ROOT, "done: 3 steps in "))
                .contains(String.format(java.util.Locale.ROOT, " (nothing left to train after the checkpoint; losses as recorded), final train loss %.4f, eval loss %.4f", loss, eval));
        assertThat(again.err()).contains("removed 2 leftover temp file(s)/folder(s) of an interrupted write in " + out);
        assertThat(leftover).doesNotExist();
        assertThat(chart).doesNotExist();
    }

    @Test
    void malformedDataFailsWithFileAndLineBeforeTraining() throws Exception {
        Path base = tinyModel(tmp);
        Path data = tmp.resolve("bad.jsonl");
        Files.writeString(data, "{\"prompt\": \"a>\", \"completion\": \"A\"}\n{\"prompt\": \"b>\"}\n");
        Path out = tmp.resolve("bad-run");
        Cli r = Cli.run("finetune", "--model", base.toString(), "--data", data.toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("hone: " + data + ":2: missing field 'completion'" + System.lineSeparator());
        assertThat(out).doesNotExist();
    }

    /**
     * Runs {@code common} for 4 steps into {@code whole}, for 2 into {@code parts}, then resumes {@code parts} to 4: the
     * resume starts from checkpoint-2 and ends with the uninterrupted run's adapter bytes and last {@code metric}.
     */
    static void assertResumeEqualsUninterrupted(Path tmp, String[] common, String metric) throws Exception {
        Path whole = tmp.resolve("whole"), parts = tmp.resolve("parts");
        Cli a = Cli.run(Cli.concat(common, "--out", whole.toString(), "--steps", "4"));
        assertThat(a.code()).as(a.err()).isZero();
        Cli b = Cli.run(Cli.concat(common, "--out", parts.toString(), "--steps", "2"));
        assertThat(b.code()).as(b.err()).isZero();
        Cli c = Cli.run(Cli.concat(common, "--out", parts.toString(), "--steps", "4", "--resume", parts.toString()));
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out()).contains("resumed from " + parts.resolve("checkpoint-2"));
        assertThat(Files.readAllBytes(parts.resolve("adapter/adapter_model.safetensors")))
                .isEqualTo(Files.readAllBytes(whole.resolve("adapter/adapter_model.safetensors")));
        assertThat(rows(parts, metric).getLast().get(metric).asDouble()).isEqualTo(rows(whole, metric).getLast().get(metric).asDouble());
    }

    static List<JsonNode> rows(Path run, String key) throws Exception {
        var json = new ObjectMapper();
        var out = new ArrayList<JsonNode>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonNode n = json.readTree(line);
            if (n.has(key)) out.add(n);
        }
        return out;
    }
}
