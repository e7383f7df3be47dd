package io.hone.rag.index;

import io.hone.core.HoneException;
import io.hone.rag.ingest.Chunk;
import io.hone.rag.ingest.Chunker;
import io.hone.rag.ingest.Document;
import io.hone.rag.ingest.Loaders;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What an incremental re-index has to do, whatever the index is: compares the files under {@code --docs} with the
 * file records an index holds (path + SHA-256 + mtime), loads and chunks only files whose mtime and content changed,
 * skips a file with the same content as one already indexed, and lists the files gone from the folder.
 * The Lucene {@code Indexer} and the Solr indexer both apply its {@link Result}.
 */
public final class FileScan {
    private FileScan() {
    }

    /** One indexed file, as an index records it. */
    public record FileRecord(String path, String hash, long mtime) {
    }

    /** A file whose record is rewritten; {@code chunks} null when only its mtime changed (content unchanged). */
    public record Pending(String path, String hash, long mtime, List<Chunk> chunks) {
        public boolean changed() {
            return chunks != null;
        }
    }

    /** @param removed paths of indexed files gone from the folder */
    public record Result(List<Path> files, List<Pending> pending, List<String> removed, int unchanged, int skipped,
                         int documents, int outsideLinks) {
        public List<Pending> changed() {
            return pending.stream().filter(Pending::changed).toList();
        }

        public int chunkCount() {
            return changed().stream().mapToInt(p -> p.chunks().size()).sum();
        }
    }

    /** The files to index under {@code docs}; none is an error (before anything is opened or created). */
    public static SourceFiles.Listing list(Path docs, boolean followSymlinks, PrintStream err) {
        SourceFiles.Listing listing = SourceFiles.list(docs, followSymlinks, err);
        if (listing.files().isEmpty()) throw new HoneException(docs + ": no " + Loaders.SUPPORTED + " files found");
        return listing;
    }

    public static Result scan(Path docs, SourceFiles.Listing listing, Map<String, FileRecord> known, Chunker chunker, PrintStream err) {
        List<Path> files = listing.files();
        Path root = Files.isDirectory(docs) ? docs.toAbsolutePath().normalize() : docs.toAbsolutePath().normalize().getParent();
        Map<String, String> pathByHash = new HashMap<>();
        for (FileRecord r : known.values()) pathByHash.put(r.hash(), r.path());

        List<Pending> pending = new ArrayList<>();
        int unchanged = 0, skipped = 0, documents = 0;
        for (Path file : files) {
            String key = file.toString();
            String name = root.relativize(file).toString();
            try {
                long mtime = Files.getLastModifiedTime(file).toMillis();
                FileRecord old = known.get(key);
                if (old != null && old.mtime() == mtime) {
                    unchanged++;
                    continue;
                }
                String hash = sha256(file);
                if (old != null && old.hash().equals(hash)) { // touched, not changed
                    unchanged++;
                    pending.add(new Pending(key, hash, mtime, null));
                    continue;
                }
                String twin = pathByHash.get(hash);
                if (twin != null && !twin.equals(key) && Files.exists(Path.of(twin))) {
                    err.println("hone: " + name + ": skipped: same content as " + twin);
                    skipped++;
                    continue;
                }
                List<Document> loaded = Loaders.forFile(file).orElseThrow().load(file, name, note -> err.println("hone: " + name + ": " + note));
                List<Chunk> chunks = new ArrayList<>();
                for (Document d : loaded) chunks.addAll(chunker.chunk(d));
                if (chunks.isEmpty() && !loaded.isEmpty()) err.println("hone: " + name + ": no text");
                documents += loaded.size();
                pathByHash.put(hash, key);
                pending.add(new Pending(key, hash, mtime, chunks));
            } catch (IOException | RuntimeException e) {
                err.println("hone: " + name + ": skipped: " + message(e));
                skipped++;
            }
        }
        List<String> removed = new ArrayList<>();
        var present = new HashSet<>(files);
        for (String path : known.keySet()) {
            Path p = Path.of(path);
            if (Files.isDirectory(docs) && p.startsWith(root) && !present.contains(p)) removed.add(path);
        }
        return new Result(files, List.copyOf(pending), List.copyOf(removed), unchanged, skipped, documents, listing.outsideLinks());
    }

    public static String sha256(Path file) throws IOException {
        try {
            var md = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
