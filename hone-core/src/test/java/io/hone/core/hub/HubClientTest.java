package io.hone.core.hub;

import io.hone.core.HoneException;
import io.hone.core.model.ModelLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Downloads from a Hub on 127.0.0.1 serving the real tiny-llama fixture, into the Hugging Face cache layout. */
class HubClientTest {
    static final Path TINY = Path.of(System.getProperty("hone.fixtures", "../shared/fixtures")).resolve("tiny-llama");
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path tmp;
    FakeHub hub;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        hub = new FakeHub();
        hub.addRepo("hone-test/tiny-llama", COMMIT, TINY);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    HubSettings settings(Optional<String> token, boolean offline) {
        return new HubSettings(hub.endpoint(), token, tmp.resolve("hub"), offline);
    }

    Path fetch(String id) {
        return fetch(id, settings(Optional.empty(), false));
    }

    Path fetch(String id, HubSettings s) {
        return ModelFolders.resolve(id, "--model", s, new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @Test
    void downloadsIntoTheHuggingFaceCacheLayoutAndLoads() throws Exception {
        Path snap = fetch("hone-test/tiny-llama");
        Path repo = tmp.resolve("hub/models--hone-test--tiny-llama");
        assertThat(snap).isEqualTo(repo.resolve("snapshots").resolve(COMMIT));
        assertThat(Files.readString(repo.resolve("refs/main"))).isEqualTo(COMMIT);
        for (String name : new String[]{"config.json", "tokenizer.json", "tokenizer_config.json", "model.safetensors"}) {
            Path f = snap.resolve(name);
            assertThat(Files.isSymbolicLink(f)).as(name).isTrue();
            assertThat(Files.readAllBytes(f)).as(name).isEqualTo(Files.readAllBytes(TINY.resolve(name)));
        }
        byte[] weights = Files.readAllBytes(TINY.resolve("model.safetensors"));
        assertThat(snap.resolve("model.safetensors").toRealPath()).isEqualTo(repo.resolve("blobs/" + FakeHub.sha256(weights)).toRealPath());
        byte[] config = Files.readAllBytes(TINY.resolve("config.json"));
        assertThat(repo.resolve("blobs/" + FakeHub.gitBlobId(config))).exists();
        // only model.safetensors of the weights: the fixture's other safetensors files are not the model
        assertThat(snap.resolve("forward.safetensors")).doesNotExist();
        assertThat(snap.resolve("chat_template.jinja")).exists();
        assertThat(snap.resolve("lora-all-linear")).doesNotExist();
        try (Stream<Path> s = Files.list(repo.resolve("blobs"))) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".incomplete"));
        }
        var model = ModelLoader.load(snap);
        assertThat(model.config().vocabSize()).isEqualTo(ModelLoader.load(TINY).config().vocabSize());
        assertThat(log.toString()).contains("hone-test/tiny-llama (01234567): fetching");
    }

    @Test
    void aSecondCallDownloadsNothingAndOfflineNeedsNoServer() {
        Path first = fetch("hone-test/tiny-llama");
        int gets = hub.fileGets.get();
        assertThat(fetch("hone-test/tiny-llama")).isEqualTo(first);
        assertThat(hub.fileGets.get()).isEqualTo(gets);
        hub.close();
        int before = hub.requests.size();
        assertThat(fetch("hone-test/tiny-llama", settings(Optional.empty(), true))).isEqualTo(first);
        assertThat(fetch("hone-test/tiny-llama@" + COMMIT, settings(Optional.empty(), true))).isEqualTo(first);
        assertThat(hub.requests).hasSize(before);
        // the server is gone: online mode falls back to the cache and says so
        assertThat(fetch("hone-test/tiny-llama")).isEqualTo(first);
        assertThat(log.toString()).contains("cannot reach").contains("using the cached snapshot");
    }

    @Test
    void offlineOrUnreachableWithoutACacheIsOneClearError() {
        assertThatThrownBy(() -> fetch("hone-test/tiny-llama", settings(Optional.empty(), true)))
                .isInstanceOf(HoneException.class)
                .hasMessage("--model hone-test/tiny-llama: no such local folder; from the Hugging Face Hub: hone-test/tiny-llama:"
                        + " HF_HUB_OFFLINE is set and the revision is not in the Hugging Face cache " + tmp.resolve("hub/models--hone-test--tiny-llama"));
        hub.close();
        assertThatThrownBy(() -> fetch("hone-test/tiny-llama")).isInstanceOf(HoneException.class)
                .hasMessageContaining("cannot reach http://127.0.0.1:").hasMessageContaining("is not in the Hugging Face cache");
    }

    @Test
    void theTokenGoesToTheHubButNotToTheCdn() {
        hub.requiredToken = "hf_secret";
        assertThatThrownBy(() -> fetch("hone-test/tiny-llama")).isInstanceOf(HoneException.class)
                .hasMessageContaining("the Hub answered 401: no such repository, or it is private (set HF_TOKEN");
        Path snap = fetch("hone-test/tiny-llama", settings(Optional.of("hf_secret"), false));
        assertThat(snap.resolve("model.safetensors")).exists();
        assertThat(hub.cdnAuthHeaders).isNotEmpty().containsOnly("null");
    }

    @Test
    void aBrokenDownloadKeepsItsPartAndResumesWithARangeRequest() throws Exception {
        long size = Files.size(TINY.resolve("model.safetensors"));
        hub.breakAfter = size / 3;
        assertThatThrownBy(() -> fetch("hone-test/tiny-llama")).isInstanceOf(HoneException.class)
                .hasMessageContaining("model.safetensors: download broke off at")
                .hasMessageContaining("run the command again to resume");
        Path repo = tmp.resolve("hub/models--hone-test--tiny-llama");
        assertThat(repo.resolve("snapshots").resolve(COMMIT).resolve("model.safetensors")).doesNotExist();
        assertThat(repo.resolve("refs/main")).doesNotExist();
        byte[] weights = Files.readAllBytes(TINY.resolve("model.safetensors"));
        Path part = repo.resolve("blobs/" + FakeHub.sha256(weights) + ".incomplete");
        long kept = Files.size(part); // what reached the client before the drop (at most what the server sent)
        assertThat(kept).isPositive().isLessThanOrEqualTo(size / 3);
        Path snap = fetch("hone-test/tiny-llama");
        assertThat(hub.requests).contains("RANGE bytes=" + kept + "-");
        assertThat(part).doesNotExist();
        assertThat(Files.readAllBytes(snap.resolve("model.safetensors"))).isEqualTo(Files.readAllBytes(TINY.resolve("model.safetensors")));
    }

    @Test
    void corruptBytesAreRejectedAndNothingIsLinked() {
        hub.corrupt = true;
        assertThatThrownBy(() -> fetch("hone-test/tiny-llama")).isInstanceOf(HoneException.class)
                .hasMessageContaining("model.safetensors: the downloaded bytes do not match the Hub's sha256");
        Path repo = tmp.resolve("hub/models--hone-test--tiny-llama");
        assertThat(repo.resolve("snapshots").resolve(COMMIT).resolve("model.safetensors")).doesNotExist();
        hub.corrupt = false;
        assertThat(fetch("hone-test/tiny-llama").resolve("model.safetensors")).exists();
    }

    @Test
    void hubErrorsNameTheRepositoryAndWhatToDo() {
        hub.addError("meta-llama/Llama-3.2-1B", 403, "GatedRepo");
        assertThatThrownBy(() -> fetch("meta-llama/Llama-3.2-1B")).hasMessageContaining("access is gated (403): accept the conditions on "
                + hub.endpoint() + "/meta-llama/Llama-3.2-1B");
        hub.addError("meta-llama/Llama-3.1-8B", 401, "GatedRepo"); // without a token the Hub answers 401 for gated repositories
        assertThatThrownBy(() -> fetch("meta-llama/Llama-3.1-8B")).hasMessageContaining("access is gated (401): accept the conditions");
        hub.addError("private/model", 401, "");
        assertThatThrownBy(() -> fetch("private/model")).hasMessageContaining("the Hub answered 401: no such repository, or it is private (set HF_TOKEN");
        assertThatThrownBy(() -> fetch("nobody/nothing")).hasMessage("--model nobody/nothing: no such local folder; from the Hugging Face Hub: "
                + "nobody/nothing: no such model repository on " + hub.endpoint() + ", or it is private (401) (set HF_TOKEN, or log in with the"
                + " Hugging Face CLI, if it is private)");
        assertThatThrownBy(() -> fetch("hone-test/tiny-llama@v9")).hasMessageContaining("revision v9 not found");
        assertThatThrownBy(() -> fetch("runs/../x/y")).hasMessage("--model runs/../x/y: no such file or folder (expected a Hugging Face model folder, or a Hub id owner/name[@revision])");
        hub.addRepo("old/pickle", COMMIT, Map.of("config.json", "{}".getBytes(), "pytorch_model.bin", new byte[10]));
        assertThatThrownBy(() -> fetch("old/pickle")).hasMessageContaining("old/pickle: the repository has no safetensors weights (it has pytorch_model.bin)");
        assertThat(tmp.resolve("hub/models--old--pickle")).doesNotExist();
    }

    @Test
    void shardedCheckpointsFetchTheShardsTheIndexNamesOnly() throws Exception {
        byte[] a = "shard-a".getBytes(), b = "shard-b".getBytes();
        String index = "{\"weight_map\":{\"x\":\"model-00001-of-00002.safetensors\",\"y\":\"model-00002-of-00002.safetensors\"}}";
        hub.addRepo("mistralai/tiny", COMMIT, Map.of("config.json", "{}".getBytes(), "model.safetensors.index.json", index.getBytes(),
                "model-00001-of-00002.safetensors", a, "model-00002-of-00002.safetensors", b,
                "consolidated.safetensors", new byte[1000], "original/params.json", "{}".getBytes()));
        Path snap = fetch("mistralai/tiny");
        assertThat(Files.readAllBytes(snap.resolve("model-00001-of-00002.safetensors"))).isEqualTo(a);
        assertThat(Files.readAllBytes(snap.resolve("model-00002-of-00002.safetensors"))).isEqualTo(b);
        assertThat(snap.resolve("consolidated.safetensors")).doesNotExist();
        assertThat(snap.resolve("original")).doesNotExist();
    }

    @Test
    void anExistingLocalFolderIsUsedWithoutTheNetwork() {
        assertThat(fetch(TINY.toString())).isEqualTo(TINY);
        assertThat(hub.requests).isEmpty();
    }

    @Test
    void aRedirectToALocalFileIsRefusedAndNothingIsLinked() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "not a model");
        hub.lfsLocation = secret.toUri().toString();
        assertThatThrownBy(() -> fetch("hone-test/tiny-llama")).isInstanceOf(HoneException.class)
                .hasMessageEndingWith("/hone-test/tiny-llama/resolve/" + COMMIT + "/model.safetensors: redirect to "
                        + secret.toUri() + " refused (only http and https URLs are followed)");
        Path snap = tmp.resolve("hub/models--hone-test--tiny-llama/snapshots").resolve(COMMIT);
        assertThat(snap.resolve("model.safetensors")).doesNotExist();
        hub.lfsLocation = "http://[bad";
        assertThatThrownBy(() -> fetch("hone-test/tiny-llama")).isInstanceOf(HoneException.class)
                .hasMessageEndingWith("model.safetensors: redirect to a malformed URL http://[bad");
        hub.lfsLocation = null;
        assertThat(fetch("hone-test/tiny-llama").resolve("model.safetensors")).exists();
    }

    @Test
    void aFileNameWithNulIsOneClearErrorBeforeAnythingIsWritten() {
        hub.addRepo("evil/nul", COMMIT, Map.of("config.json", "{}".getBytes(), "a\0b.json", "{}".getBytes(),
                "model.safetensors", new byte[8]));
        assertThatThrownBy(() -> fetch("evil/nul")).isInstanceOf(HoneException.class)
                .hasMessageEndingWith("/api/models/evil/nul/revision/main?blobs=true lists a file name that cannot be stored in the cache: a\\u0000b.json")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\0"));
        assertThat(tmp.resolve("hub/models--evil--nul")).doesNotExist();
    }

    @Test
    void anEndpointThatIsNotHttpIsOneClearError() {
        var s = new HubSettings(tmp.toUri(), Optional.empty(), tmp.resolve("hub"), false);
        assertThatThrownBy(() -> fetch("hone-test/tiny-llama", s)).isInstanceOf(HoneException.class)
                .hasMessageContaining("only http and https URLs can be fetched");
    }
}
