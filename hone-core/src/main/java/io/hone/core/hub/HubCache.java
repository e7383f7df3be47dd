package io.hone.core.hub;

import io.hone.core.HoneException;
import io.hone.core.io.AtomicFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The Hugging Face cache layout, shared with Python's {@code huggingface_hub}: per repository
 * {@code models--owner--name/} holding {@code blobs/<blob id>} (the bytes, once), {@code snapshots/<commit>/<file>}
 * (relative links to the blobs) and {@code refs/<revision>} (the commit a branch or tag pointed to when last fetched).
 */
public final class HubCache {
    private final Path root;

    public HubCache(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path repoDir(HubRepoId id) {
        return root.resolve(id.cacheFolderName());
    }

    /** The commit the revision resolved to when it was last fetched (a commit id names itself). */
    public Optional<String> commitFor(HubRepoId id) {
        if (id.revisionIsCommit()) return Optional.of(id.revision());
        Path ref = repoDir(id).resolve("refs").resolve(id.revision());
        try {
            return Files.isRegularFile(ref) ? Optional.of(Files.readString(ref, StandardCharsets.UTF_8).strip())
                    : Optional.empty();
        } catch (IOException e) {
            throw new HoneException(ref + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The snapshot folder of the revision's last known commit, if it was downloaded. */
    public Optional<Path> snapshot(HubRepoId id) {
        return commitFor(id).map(c -> snapshotDir(id, c)).filter(Files::isDirectory);
    }

    public Path snapshotDir(HubRepoId id, String commit) {
        return repoDir(id).resolve("snapshots").resolve(commit);
    }

    public Path blob(HubRepoId id, String blobId) {
        return repoDir(id).resolve("blobs").resolve(blobId);
    }

    /** Cross-process lock for downloading one blob (where {@code huggingface_hub} keeps its own locks). */
    public Path lockFile(HubRepoId id, String blobId) {
        return root.resolve(".locks").resolve(id.cacheFolderName()).resolve(blobId + ".lock");
    }

    public void writeRef(HubRepoId id, String commit) {
        if (id.revisionIsCommit()) return;
        Path ref = repoDir(id).resolve("refs").resolve(id.revision());
        createDirectories(ref.getParent());
        AtomicFile.writeString(ref, commit);
    }

    /** True when the snapshot already holds this file and its blob is present. */
    public boolean hasFile(HubRepoId id, String commit, HubFile f) {
        return Files.isRegularFile(snapshotDir(id, commit).resolve(f.name()));
    }

    /** Puts the blob into the snapshot as a relative link, as Python does (a copy where links are not possible). */
    public void link(HubRepoId id, String commit, HubFile f) {
        Path file = snapshotDir(id, commit).resolve(f.name());
        Path blob = blob(id, f.blobId());
        createDirectories(file.getParent());
        try {
            Files.deleteIfExists(file);
            try {
                Files.createSymbolicLink(file, file.getParent().relativize(blob));
            } catch (UnsupportedOperationException | IOException e) {
                Files.copy(blob, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new HoneException(file + ": cannot create (" + e.getMessage() + ")", e);
        }
    }

    static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new HoneException(dir + ": cannot create folder (" + e.getMessage() + ")", e);
        }
    }
}
