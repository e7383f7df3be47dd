package io.hone.cli;

import io.hone.core.HoneException;
import io.hone.core.hub.HubClient;
import io.hone.core.hub.HubRepoId;
import io.hone.core.hub.HubSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code hone download owner/name[@revision]}: fetch into the Hugging Face cache, print the snapshot folder. */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = "Fetch a model or adapter from the Hugging Face Hub into the cache shared with Python "
                + "(configs, tokenizer, chat template, safetensors weights) and print its local folder. Every --model "
                + "and --adapter does this on demand; this command does it ahead of time.")
public final class DownloadCommand implements Callable<Integer> {
    @Parameters(paramLabel = "REPO", description = "owner/name or owner/name@revision (branch, tag or commit).")
    String repo;
    @Option(names = "--cache-dir", description = "Cache root (default: HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub).")
    Path cacheDir;
    @Option(names = "--endpoint", description = "Hub URL (default: HF_ENDPOINT, else https://huggingface.co).")
    URI endpoint;
    @Option(names = "--offline", description = "Only look in the cache (as HF_HUB_OFFLINE=1).")
    boolean offline;

    @Override
    public Integer call() {
        HubRepoId id = HubRepoId.parse(repo).orElseThrow(() ->
                new HoneException("download: '" + repo + "' is not a Hub id owner/name[@revision]"));
        HubSettings env = HubSettings.fromEnvironment();
        var s = new HubSettings(endpoint != null ? URI.create(endpoint.toString().replaceAll("/+$", "")) : env.endpoint(),
                env.token(), cacheDir != null ? cacheDir : env.cacheRoot(), offline || env.offline());
        Path dir = new HubClient(s, System.err).snapshot(id);
        System.out.println(dir.toAbsolutePath());
        return 0;
    }
}
