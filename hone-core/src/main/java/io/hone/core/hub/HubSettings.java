package io.hone.core.hub;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how to reach the Hub, read from the same environment variables as {@code huggingface_hub}, so a folder
 * a Python user already downloaded is found and reused: {@code HF_ENDPOINT}, {@code HF_TOKEN} (else the token file
 * {@code $HF_HOME/token}), {@code HF_HUB_CACHE} (else {@code $HF_HOME/hub}, else {@code ~/.cache/huggingface/hub})
 * and {@code HF_HUB_OFFLINE}.
 */
public record HubSettings(URI endpoint, Optional<String> token, Path cacheRoot, boolean offline) {
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

    public static HubSettings fromEnvironment() {
        return from(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    static HubSettings from(Map<String, String> env, Path home) {
        String endpoint = nonBlank(env.get("HF_ENDPOINT")).orElse(DEFAULT_ENDPOINT).replaceAll("/+$", "");
        Path hfHome = nonBlank(env.get("HF_HOME")).map(Path::of)
                .orElseGet(() -> nonBlank(env.get("XDG_CACHE_HOME")).map(Path::of).orElse(home.resolve(".cache"))
                        .resolve("huggingface"));
        Path cache = nonBlank(env.get("HF_HUB_CACHE")).map(Path::of).orElse(hfHome.resolve("hub"));
        Optional<String> token = nonBlank(env.get("HF_TOKEN")).or(() -> tokenFile(hfHome.resolve("token")));
        boolean offline = truthy(env.get("HF_HUB_OFFLINE"));
        return new HubSettings(URI.create(endpoint), token, cache, offline);
    }

    private static Optional<String> tokenFile(Path file) {
        try {
            return Files.isRegularFile(file) ? nonBlank(Files.readString(file).strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean truthy(String v) {
        return v != null && switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            default -> false;
        };
    }

    private static Optional<String> nonBlank(String v) {
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }
}
