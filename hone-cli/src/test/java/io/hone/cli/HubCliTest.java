package io.hone.cli;

import io.hone.core.hub.FakeHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --model owner/name} and {@code --adapter owner/name} through the real command line in a child JVM whose
 * environment points HF_ENDPOINT at a Hub on 127.0.0.1 serving the real fixture files: the output equals the output
 * on the local folders, and a second run offline (HF_HUB_OFFLINE=1, server gone) reuses the cache.
 */
class HubCliTest {
    @TempDir
    Path tmp;

    @Test
    void generateWithAModelAndAnAdapterFromTheHub() throws Exception {
        Path model = Cli.FIXTURES.resolve("tiny-llama");
        Path adapter = model.resolve("lora-all-linear/adapter_trained");
        String local = run(Map.of(), "generate", "--model", model.toString(), "--adapter", adapter.toString(),
                "--prompt", "Hello", "-n", "12");
        try (var hub = new FakeHub()) {
            hub.addRepo("hone-test/tiny-llama", "1".repeat(40), model);
            hub.addRepo("hone-test/tiny-lora", "2".repeat(40), adapter);
            Map<String, String> env = Map.of("HF_ENDPOINT", hub.endpoint().toString(), "HF_HUB_CACHE", tmp.resolve("cache").toString());
            String fromHub = run(env, "generate", "--model", "hone-test/tiny-llama", "--adapter", "hone-test/tiny-lora",
                    "--prompt", "Hello", "-n", "12");
            assertThat(fromHub).isEqualTo(local).isNotBlank();
            assertThat(hub.fileGets.get()).isGreaterThanOrEqualTo(3);
            hub.close();
            Map<String, String> offline = Map.of("HF_HUB_OFFLINE", "1", "HF_HUB_CACHE", tmp.resolve("cache").toString());
            assertThat(run(offline, "generate", "--model", "hone-test/tiny-llama", "--adapter", "hone-test/tiny-lora",
                    "--prompt", "Hello", "-n", "12")).isEqualTo(local);
        }
        assertThat(Files.readString(tmp.resolve("cache/models--hone-test--tiny-lora/refs/main"))).isEqualTo("2".repeat(40));
    }

    @Test
    void downloadPrintsTheSnapshotFolderAndWorksOfflineAfterwards() throws Exception {
        Path model = Cli.FIXTURES.resolve("tiny-llama");
        Path cache = tmp.resolve("cache");
        Path expected = cache.resolve("models--hone-test--tiny-llama/snapshots/" + "3".repeat(40)).toAbsolutePath();
        try (var hub = new FakeHub()) {
            hub.addRepo("hone-test/tiny-llama", "3".repeat(40), model);
            var r = Cli.run("download", "hone-test/tiny-llama", "--endpoint", hub.endpoint() + "/", "--cache-dir", cache.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out().strip()).isEqualTo(expected.toString());
            assertThat(r.err()).contains("hub: hone-test/tiny-llama (33333333): fetching");
        }
        var offline = Cli.run("download", "hone-test/tiny-llama", "--offline", "--cache-dir", cache.toString());
        assertThat(offline.out().strip()).isEqualTo(expected.toString());
        assertThat(Files.readAllBytes(expected.resolve("model.safetensors"))).isEqualTo(Files.readAllBytes(model.resolve("model.safetensors")));
        var bad = Cli.run("download", "not-an-id");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("hone: download: 'not-an-id' is not a Hub id owner/name[@revision]");
    }

    @Test
    void aMissingModelIsOneLineAndExitCode2() throws Exception {
        Map<String, String> env = Map.of("HF_HUB_OFFLINE", "1", "HF_HUB_CACHE", tmp.resolve("cache").toString());
        var r = child(env, "tokenize", "--model", "nobody/nothing", "--text", "hi");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.output.strip()).isEqualTo("hone: --model nobody/nothing: no such local folder; from the Hugging Face Hub: "
                + "nobody/nothing: HF_HUB_OFFLINE is set and the revision is not in the Hugging Face cache "
                + tmp.resolve("cache/models--nobody--nothing"));
    }

    private String run(Map<String, String> env, String... args) throws Exception {
        var r = child(env, args);
        assertThat(r.code).as(r.output).isZero();
        return r.stdout;
    }

    private record Result(int code, String stdout, String output) {}

    private Result child(Map<String, String> env, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        var cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Dhone.threads=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "out", ".txt"), err = Files.createTempFile(tmp, "err", ".txt");
        var pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String stdout = Files.readString(out, StandardCharsets.UTF_8), stderr = Files.readString(err, StandardCharsets.UTF_8);
        return new Result(p.exitValue(), stdout, stderr.lines().filter(l -> !l.startsWith("WARNING")).reduce("", (a, b) -> a + b + "\n") + stdout);
    }
}
