package io.hone.core.hub;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class HubSettingsTest {
    @TempDir
    Path home;

    @Test
    void defaultsAreHuggingFaceHubs() {
        var s = HubSettings.from(Map.of(), home);
        assertThat(s.endpoint()).hasToString("https://huggingface.co");
        assertThat(s.cacheRoot()).isEqualTo(home.resolve(".cache/huggingface/hub"));
        assertThat(s.token()).isEmpty();
        assertThat(s.offline()).isFalse();
    }

    @Test
    void environmentOverridesAsInHuggingfaceHub() throws Exception {
        Path hfHome = home.resolve("hf");
        Files.createDirectories(hfHome);
        Files.writeString(hfHome.resolve("token"), "hf_fromfile\n");
        var s = HubSettings.from(Map.of("HF_HOME", hfHome.toString(), "HF_ENDPOINT", "https://hf-mirror.com/", "HF_HUB_OFFLINE", "1"), home);
        assertThat(s.endpoint()).hasToString("https://hf-mirror.com");
        assertThat(s.cacheRoot()).isEqualTo(hfHome.resolve("hub"));
        assertThat(s.token()).isEqualTo(Optional.of("hf_fromfile"));
        assertThat(s.offline()).isTrue();
        var t = HubSettings.from(Map.of("HF_HOME", hfHome.toString(), "HF_TOKEN", "hf_env", "HF_HUB_CACHE", "/c"), home);
        assertThat(t.token()).isEqualTo(Optional.of("hf_env"));
        assertThat(t.cacheRoot()).isEqualTo(Path.of("/c"));
        assertThat(HubSettings.from(Map.of("XDG_CACHE_HOME", "/x"), home).cacheRoot()).isEqualTo(Path.of("/x/huggingface/hub"));
    }

    @Test
    void repoIds() {
        assertThat(HubRepoId.parse("HuggingFaceTB/SmolLM2-135M-Instruct")).contains(new HubRepoId("HuggingFaceTB/SmolLM2-135M-Instruct", "main"));
        assertThat(HubRepoId.parse("Qwen/Qwen2.5-0.5B@v1.0")).contains(new HubRepoId("Qwen/Qwen2.5-0.5B", "v1.0"));
        assertThat(HubRepoId.parse("a/b@refs/pr/1")).contains(new HubRepoId("a/b", "refs/pr/1"));
        assertThat(HubRepoId.parse("a/b").orElseThrow().cacheFolderName()).isEqualTo("models--a--b");
        for (String bad : new String[]{"model", "./model", "/abs/path", "a/b/c", "a/..", "../b", "a/b@", "runs/out dir"}) {
            assertThat(HubRepoId.parse(bad)).as(bad).isEmpty();
        }
    }
}
