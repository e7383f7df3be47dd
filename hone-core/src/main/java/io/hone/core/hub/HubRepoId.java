package io.hone.core.hub;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Hugging Face Hub model repository and the revision to fetch: {@code owner/name} or {@code owner/name@revision}
 * (a branch, tag or 40-hex commit; default {@code main}), as users write it after {@code --model}.
 */
public record HubRepoId(String repo, String revision) {
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    public HubRepoId {
        if (revision == null || revision.isBlank()) revision = "main";
    }

    /** {@code owner/name[@revision]}, or empty when {@code text} cannot be a Hub model id. */
    public static Optional<HubRepoId> parse(String text) {
        String repo = text, rev = "main";
        int at = text.indexOf('@');
        if (at >= 0) {
            repo = text.substring(0, at);
            rev = text.substring(at + 1);
            if (rev.isEmpty() || rev.contains("..") || rev.startsWith("/")) return Optional.empty();
        }
        String[] parts = repo.split("/", -1);
        if (parts.length != 2) return Optional.empty();
        for (String p : parts) {
            if (!PART.matcher(p).matches() || p.contains("..") || p.endsWith(".")) return Optional.empty();
        }
        return Optional.of(new HubRepoId(repo, rev));
    }

    public boolean revisionIsCommit() {
        return COMMIT.matcher(revision).matches();
    }

    /** The folder name the Hugging Face cache uses: {@code models--owner--name}. */
    public String cacheFolderName() {
        return "models--" + repo.replace("/", "--");
    }

    @Override
    public String toString() {
        return "main".equals(revision) ? repo : repo + "@" + revision;
    }
}
