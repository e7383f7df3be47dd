package io.hone.core.hub;

import io.hone.core.HoneException;
import io.hone.core.progress.ProgressBar;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * Brings files of one commit into the cache: a blob already there (another revision had it) is only linked; a missing
 * one is downloaded to {@code blobs/<id>.incomplete} under a cross-process lock, resumed with an HTTP Range request
 * when a previous attempt broke off, checked against its size and blob id, and only then renamed to its final name.
 */
final class BlobDownload {
    private final HubClient client;
    private final HubCache cache;
    private final HubRepoId id;
    private final String commit;
    private final PrintStream log;

    BlobDownload(HubClient client, HubCache cache, HubRepoId id, String commit, PrintStream log) {
        this.client = client;
        this.cache = cache;
        this.id = id;
        this.commit = commit;
        this.log = log;
    }

    void fetch(List<HubFile> files) {
        List<HubFile> missing = files.stream().filter(f -> !cache.hasFile(id, commit, f)).toList();
        if (missing.isEmpty()) return;
        long bytes = missing.stream().filter(f -> !Files.isRegularFile(cache.blob(id, f.blobId()))).mapToLong(HubFile::size).sum();
        if (bytes > 0) {
            client.note(String.format(Locale.ROOT, "%s (%s): fetching %d file(s), %s, into %s", id, commit.substring(0, 8),
                    missing.size(), human(bytes), cache.repoDir(id)));
        }
        for (HubFile f : missing) {
            if (!Files.isRegularFile(cache.blob(id, f.blobId()))) download(f);
            cache.link(id, commit, f);
        }
    }

    private void download(HubFile f) {
        Path blob = cache.blob(id, f.blobId());
        Path lock = cache.lockFile(id, f.blobId());
        HubCache.createDirectories(blob.getParent());
        HubCache.createDirectories(lock.getParent());
        try (FileChannel lc = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lc.lock()) {
            if (Files.isRegularFile(blob)) return; // another process finished it while we waited
            Path part = blob.resolveSibling(f.blobId() + ".incomplete");
            transfer(f, part);
            String got = BlobDigest.of(part, f.lfs());
            if (!got.equals(f.blobId())) {
                Files.deleteIfExists(part);
                throw new HoneException(id + " " + f.name() + ": the downloaded bytes do not match the Hub's "
                        + (f.lfs() ? "sha256 " : "git blob id ") + f.blobId() + " (got " + got + "); removed it, run again");
            }
            Files.move(part, blob, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new HoneException(blob + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    private void transfer(HubFile f, Path part) throws IOException {
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        if (have > f.size()) {
            Files.delete(part);
            have = 0;
        }
        if (have == f.size() && have > 0) return;
        URI uri = client.fileUri(id, commit, f.name());
        HttpResponse<InputStream> r = client.send(uri, "GET", have > 0 ? "bytes=" + have + "-" : null);
        int status = r.statusCode();
        if (status == 200) {
            have = 0;
        } else if (status != 206 || !r.headers().firstValue("Content-Range").orElse("").startsWith("bytes " + have + "-")) {
            throw client.statusError(id, r, uri);
        }
        var meter = ProgressBar.on(log, f.name(), f.size()).unit("MiB", 1048576).from(have);
        try (InputStream in = r.body();
             FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            out.truncate(have);
            out.position(have);
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) out.write(bb);
                have += n;
                meter.update(have);
            }
        } catch (IOException e) {
            meter.finish();
            throw interrupted(f, part, e.getMessage());
        }
        meter.finish();
        if (have != f.size()) throw interrupted(f, part, "the server sent " + have + " bytes");
    }

    private HoneException interrupted(HubFile f, Path part, String why) {
        long kept = 0;
        try {
            kept = Files.isRegularFile(part) ? Files.size(part) : 0;
        } catch (IOException ignored) {
            // only for the message
        }
        return new HoneException(id + " " + f.name() + ": download broke off at " + human(kept) + " of " + human(f.size())
                + " (" + why + "); the part is kept in " + part.getParent() + ": run the command again to resume");
    }

    static String human(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        if (bytes < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
        return String.format(Locale.ROOT, "%.2f GiB", bytes / 1073741824.0);
    }
}
