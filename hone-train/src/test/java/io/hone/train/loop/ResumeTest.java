package io.hone.train.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hone.core.HoneException;
import io.hone.core.io.SafetensorsFile;
import io.hone.train.LoraConfig;
import io.hone.train.data.TrainData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stopping half-way and resuming from the written checkpoint in a fresh trainer gives the uninterrupted run, bit for bit. */
class ResumeTest {
    @TempDir
    Path tmp;

    static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    Finetune job(Path model, Path data, LoraConfig lora, Path out, Path resume) {
        // dropout, accumulation over a partial last step of the epoch, a warm-up and cosine decay, clipping: all must resume
        var train = TrainConfig.builder().lr(3e-3).epochs(3).batch(3, 2).schedule("cosine", 2).maxGradNorm(0.5).weightDecay(0.01)
                .intervals(3, 3, 0).seed(7).build();
        var opts = new TrainData.Options(32, false, false, 0.2, null, 7);
        return new Finetune(model, data, lora, 2.0, opts, train, lora == null, resume, out);
    }

    @Test
    void loraWithDropoutResumesBitForBit() throws Exception {
        check(LoraConfig.allLinear(4, 8).withDropout(0.1), "adapter/adapter_model.safetensors");
    }

    @Test
    void fullFineTuningResumesBitForBit() throws Exception {
        check(null, "model/model.safetensors");
    }

    private void check(LoraConfig lora, String weightsFile) throws Exception {
        Path model = TinyRun.model(tmp.resolve("base"), 3);
        Path data = TinyRun.upperTask(tmp.resolve("data.jsonl"), 24, 5);

        Finetune.Outcome straight = job(model, data, lora, tmp.resolve("a"), null).run(QUIET, QUIET);
        long total = straight.result().steps();
        assertThat(total).isEqualTo(3 * 4); // 19 rows / batch 3 = 7 micro-batches = 4 steps (the last of one) per epoch
        Finetune.Session half = job(model, data, lora, tmp.resolve("b"), null).prepare(QUIET, QUIET);
        half.trainer().train(6);
        assertThat(tmp.resolve("b/checkpoint-6")).isDirectory();
        job(model, data, lora, tmp.resolve("b"), tmp.resolve("b")).run(QUIET, QUIET);

        try (var a = SafetensorsFile.open(tmp.resolve("a").resolve(weightsFile));
             var b = SafetensorsFile.open(tmp.resolve("b").resolve(weightsFile))) {
            assertThat(b.names()).isEqualTo(a.names());
            for (String n : a.names()) assertThat(b.floats(n)).as(n).isEqualTo(a.floats(n));
        }
        assertThat(losses(tmp.resolve("b"), "loss")).isEqualTo(losses(tmp.resolve("a"), "loss")).hasSize((int) total);
        assertThat(losses(tmp.resolve("b"), "eval_loss")).isEqualTo(losses(tmp.resolve("a"), "eval_loss"));
        assertThat(losses(tmp.resolve("a"), "grad_norm")).isEqualTo(losses(tmp.resolve("b"), "grad_norm"));
        assertThat(Files.size(tmp.resolve("a/checkpoint-12/optimizer.safetensors"))).isPositive();
        assertThat(tmp.resolve("a/checkpoint-12/trainer_state.json")).isRegularFile();
        assertThat(tmp.resolve("a/loss.html")).content().contains("<svg").contains("train loss").contains("eval loss");
    }

    @Test
    void nonFiniteLossStopsNamingTheStepAndKeepsTheLastCheckpoint() throws Exception {
        Path model = TinyRun.model(tmp.resolve("base"), 3);
        Path data = TinyRun.upperTask(tmp.resolve("data.jsonl"), 24, 5);
        Finetune.Session s = job(model, data, LoraConfig.of(4, 8, List.of("q_proj", "v_proj")), tmp.resolve("c"), null).prepare(QUIET, QUIET);
        s.trainer().train(3);
        s.model().params().getFirst().value()[0] = Float.NaN;
        Path ckpt = tmp.resolve("c/checkpoint-3");
        assertThatThrownBy(() -> s.trainer().train()).isInstanceOf(HoneException.class)
                .hasMessage("step 4: loss is NaN; training stopped before updating the weights (the last good checkpoint is " + ckpt
                        + "). Try a lower --lr or --max-grad-norm.");
        assertThat(Checkpoints.list(tmp.resolve("c"))).containsExactly(ckpt);
    }

    @Test
    void resumingAFinishedRunRemovesKilledWritesLeftoversAndReportsTheRecordedLoss() throws Exception {
        Path model = TinyRun.model(tmp.resolve("base"), 3);
        Path data = TinyRun.upperTask(tmp.resolve("data.jsonl"), 24, 5);
        LoraConfig lora = LoraConfig.of(4, 8, List.of("q_proj", "v_proj"));
        Path run = tmp.resolve("d");
        Finetune.Outcome done = job(model, data, lora, run, null).run(QUIET, QUIET);
        // what kills during the checkpoint, the final adapter and the chart leave (names as the writers make them)
        List<Path> leftovers = List.of(run.resolve("..checkpoint-9.tmp.3fa9c0d1e2b4a5f6.tmp"), run.resolve(".checkpoint-12.0123456789abcdef.tmp"),
                run.resolve(".adapter.7b2e00aa11bb22cc.tmp"));
        for (Path p : leftovers) Files.writeString(Files.createDirectories(p).resolve("adapter_model.safetensors"), "half");
        Path png = Files.writeString(run.resolve(".loss.png.00c0ffee00c0ffee.tmp"), "half");
        Path legacy = Files.createDirectories(run.resolve(".checkpoint-9.tmp"));

        var log = new ByteArrayOutputStream();
        var progress = new PrintStream(log, true);
        Finetune.Outcome again = job(model, data, lora, run, run).run(QUIET, progress);
        assertThat(leftovers).allSatisfy(p -> assertThat(p).doesNotExist());
        assertThat(png).doesNotExist();
        assertThat(legacy).doesNotExist();
        assertThat(log.toString()).contains("removed 5 leftover temp file(s)/folder(s) of an interrupted write in " + run);

        Trainer.Result r = again.result();
        assertThat(r.steps()).isEqualTo(12);
        assertThat(r.stepsRun()).isZero();
        assertThat(done.result().stepsRun()).isEqualTo(12);
        List<Double> trainLosses = losses(run, "loss"), evalLosses = losses(run, "eval_loss");
        assertThat(r.trainLoss()).isEqualTo(trainLosses.getLast()).isEqualTo(done.result().trainLoss());
        assertThat(r.evalLoss()).isEqualTo(evalLosses.getLast()).isEqualTo(done.result().evalLoss());
    }

    static List<Double> losses(Path run, String key) throws Exception {
        var out = new ArrayList<Double>();
        var json = new ObjectMapper();
        for (String line : Files.readAllLines(run.resolve(MetricsLog.FILE))) {
            JsonNode n = json.readTree(line);
            if (n.has(key)) out.add(n.get(key).asDouble());
        }
        return out;
    }
}
