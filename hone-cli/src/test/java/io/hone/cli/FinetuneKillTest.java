package io.hone.cli;

import io.hone.core.io.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** kill -9 a real `hone finetune` after its first checkpoint, resume it, and get the uninterrupted run bit for bit. */
class FinetuneKillTest {
    @TempDir
    Path tmp;

    @Test
    void killedRunResumesToTheUninterruptedResult() throws Exception {
        Path base = FinetuneCommandTest.tinyModel(tmp);
        Path data = FinetuneCommandTest.task(tmp.resolve("data.jsonl"), 200, 3, Set.of(), String::toUpperCase);
        List<String> args = List.of("finetune", "--model", base.toString(), "--data", data.toString(), "--method", "lora",
                "--rank", "4", "--dropout", "0.1", "--lr", "1e-3", "--steps", "200", "--batch", "4", "--grad-accum", "2",
                "--schedule", "cosine", "--warmup", "5", "--val-split", "0.1", "--eval-every", "25", "--save-every", "10",
                "--save-limit", "2", "--seed", "9");

        Path killed = tmp.resolve("killed");
        Process p = child(args, killed);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (checkpoints(killed).isEmpty() && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, files as they were at that instant
        p.waitFor();
        assertThat(Files.readString(tmp.resolve("child.log"))).contains("trainable params");
        assertThat(killed.resolve("adapter")).as("the run must be killed before it finishes").doesNotExist();
        assertThat(checkpoints(killed)).isNotEmpty();

        Cli resumed = Cli.run(with(args, "--out", killed.toString(), "--resume", killed.toString()));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        System.out.println("killed at: " + Files.readString(tmp.resolve("child.log")).lines().filter(l -> l.contains("step")).reduce((a, b) -> b).orElse("?")
                + "\n" + resumed.out());
        assertThat(resumed.out()).contains("resumed from " + killed.resolve("checkpoint-"));
        Path straight = tmp.resolve("straight");
        Cli once = Cli.run(with(args, "--out", straight.toString()));
        assertThat(once.code()).as(once.err()).isZero();

        try (var a = SafetensorsFile.open(straight.resolve("adapter/adapter_model.safetensors"));
             var b = SafetensorsFile.open(killed.resolve("adapter/adapter_model.safetensors"))) {
            assertThat(b.names()).isEqualTo(a.names());
            for (String n : a.names()) assertThat(b.floats(n)).as(n).isEqualTo(a.floats(n));
        }
        for (String key : List.of("loss", "grad_norm", "lr", "eval_loss")) {
            List<Double> a = values(straight, key), b = values(killed, key);
            assertThat(b).as(key).isEqualTo(a);
        }
        assertThat(values(straight, "loss")).hasSize(200);
    }

    private Process child(List<String> args, Path out) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        var cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Dhone.threads=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(with(args, "--out", out.toString())));
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile());
        pb.environment().put("OPT_OUT_TRACKING", "true");
        return pb.start();
    }

    private static String[] with(List<String> args, String... more) {
        var all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static List<Path> checkpoints(Path run) throws Exception {
        if (!Files.isDirectory(run)) return List.of();
        try (Stream<Path> s = Files.list(run)) {
            return s.filter(p -> p.getFileName().toString().matches("checkpoint-\\d+")).toList();
        }
    }

    private static List<Double> values(Path run, String key) throws Exception {
        return FinetuneCommandTest.rows(run, key).stream().map(n -> n.get(key).asDouble()).toList();
    }
}
