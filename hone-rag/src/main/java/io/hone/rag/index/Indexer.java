package io.hone.rag.index;

import io.hone.core.HoneException;
import io.hone.core.progress.ProgressBar;
import io.hone.rag.embed.Embedder;
import io.hone.rag.ingest.Chunk;
import io.hone.rag.ingest.Chunker;
import io.hone.rag.ingest.Document;
import io.hone.rag.ingest.Loaders;
import io.hone.rag.ingest.TokenCounter;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds or updates an index from files. Only files whose mtime and content hash changed are re-read;
 * files gone from the folder are dropped; a file with the same content as one already indexed is skipped.
 * Everything happens in one Lucene commit at the end, so an interrupted run leaves the previous commit intact.
 */
public final class Indexer {
    /** @param followSymlinks also index links under the docs folder whose real target is outside it */
    public record Options(int chunkTokens, int chunkOverlap, int batchSize, boolean followSymlinks) {
        public static final Options DEFAULT = new Options(512, 64, 32);

        public Options(int chunkTokens, int chunkOverlap, int batchSize) {
            this(chunkTokens, chunkOverlap, batchSize, false);
        }
    }

    /** @param outsideLinks links under the docs folder pointing outside it, not followed */
    public record Report(int files, int indexed, int unchanged, int skipped, int removed, int documents, int chunks,
                         double seconds, double embedSeconds, int outsideLinks) {
    }

    private final Path indexDir;
    private final Embedder embedder; // null: BM25 only
    private final Options options;
    private final PrintStream err;

    public Indexer(Path indexDir, Embedder embedder, Options options, PrintStream err) {
        this.indexDir = indexDir;
        this.embedder = embedder;
        this.options = options;
        this.err = err;
    }

    private record FileRecord(String path, String hash, long mtime) {
    }

    private record Pending(String path, String hash, long mtime, List<Chunk> chunks) {
    }

    public Report index(Path docs) {
        long t0 = System.nanoTime();
        SourceFiles.Listing listing = SourceFiles.list(docs, options.followSymlinks(), err);
        List<Path> files = listing.files();
        if (files.isEmpty()) throw new HoneException(docs + ": no " + Loaders.SUPPORTED + " files found");
        Path root = Files.isDirectory(docs) ? docs.toAbsolutePath().normalize() : docs.toAbsolutePath().normalize().getParent();
        IndexStamp stamp = stampFor(RagIndex.readStamp(checkedDir()));
        TokenCounter counter = embedder == null ? TokenCounter.WORD_PIECE_ESTIMATE : embedder.tokenCounter();
        Chunker chunker = new Chunker(stamp.chunkTokens(), stamp.chunkOverlap(), counter);

        var config = new IndexWriterConfig(Analyzers.english()).setSimilarity(RagIndex.bm25())
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND).setCommitOnClose(false).setRAMBufferSizeMB(128);
        try (Directory dir = FSDirectory.open(indexDir); IndexWriter writer = new IndexWriter(dir, config)) {
            Map<String, FileRecord> known = fileRecords(writer);
            Map<String, String> pathByHash = new HashMap<>();
            for (FileRecord r : known.values()) pathByHash.put(r.hash, r.path);

            List<Pending> pending = new ArrayList<>();
            int unchanged = 0, skipped = 0, documents = 0;
            for (Path file : files) {
                String key = file.toString();
                String name = root.relativize(file).toString();
                try {
                    long mtime = Files.getLastModifiedTime(file).toMillis();
                    FileRecord old = known.get(key);
                    if (old != null && old.mtime == mtime) {
                        unchanged++;
                        continue;
                    }
                    String hash = sha256(file);
                    if (old != null && old.hash.equals(hash)) { // touched, not changed
                        writer.deleteDocuments(fileRecordQuery(key));
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
            int removed = 0;
            var present = new java.util.HashSet<>(files);
            for (String path : known.keySet()) {
                Path p = Path.of(path);
                if (Files.isDirectory(docs) && p.startsWith(root) && !present.contains(p)) {
                    writer.deleteDocuments(new Term(IndexFields.PATH, path));
                    removed++;
                }
            }
            int chunks = 0;
            double embedSeconds = 0;
            List<Pending> changed = pending.stream().filter(p -> p.chunks != null).toList();
            for (Pending p : changed) writer.deleteDocuments(new Term(IndexFields.PATH, p.path));
            int total = changed.stream().mapToInt(p -> p.chunks.size()).sum();
            var progress = ProgressBar.on(err, embedder == null ? "indexing" : "embedding", total).unit("chunks");
            for (Pending p : changed) {
                for (int from = 0; from < p.chunks.size(); from += WINDOW) {
                    List<Chunk> window = p.chunks.subList(from, Math.min(p.chunks.size(), from + WINDOW));
                    float[][] vectors = embedder == null ? null : embedWindow(window, progress);
                    for (int i = 0; i < window.size(); i++) {
                        writer.addDocument(chunkDocument(p.path, window.get(i), vectors == null ? null : vectors[i]));
                        if (embedder == null) progress.advance(1);
                    }
                    chunks += window.size();
                }
            }
            if (total > 0) progress.finish();
            embedSeconds = embedder == null ? 0 : progress.seconds();
            for (Pending p : pending) writer.addDocument(fileDocument(p));
            writer.setLiveCommitData(stamp.toUserData().entrySet());
            writer.commit();
            int indexed = changed.size();
            return new Report(files.size(), indexed, unchanged, skipped, removed, documents, chunks, (System.nanoTime() - t0) / 1e9, embedSeconds,
                    listing.outsideLinks());
        } catch (IOException e) {
            throw new HoneException(indexDir + ": cannot write index: " + e.getMessage(), e);
        }
    }

    /** Embeds in batches of similar length (less padding), returning vectors in the window's order. */
    private float[][] embedWindow(List<Chunk> window, ProgressBar progress) {
        Integer[] order = new Integer[window.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> window.get(i).text().length()));
        float[][] out = new float[window.size()][];
        for (int from = 0; from < order.length; from += options.batchSize()) {
            int to = Math.min(order.length, from + options.batchSize());
            List<String> texts = new ArrayList<>(to - from);
            for (int j = from; j < to; j++) texts.add(passage(window.get(order[j])));
            float[][] v = embedder.embedPassages(texts);
            for (int j = from; j < to; j++) out[order[j]] = v[j - from];
            progress.advance(to - from);
        }
        return out;
    }

    private static final int WINDOW = 4096;

    /** What the embedding model sees: the title, then the chunk (as BEIR embeds title + text). */
    static String passage(Chunk c) {
        return c.title().isBlank() ? c.text() : c.title() + " " + c.text();
    }

    private org.apache.lucene.document.Document chunkDocument(String path, Chunk c, float[] vector) {
        var d = new org.apache.lucene.document.Document();
        d.add(new StringField(IndexFields.KIND, IndexFields.KIND_CHUNK, Field.Store.NO));
        d.add(new StringField(IndexFields.PATH, path, Field.Store.NO));
        d.add(new StringField(IndexFields.CHUNK_ID, c.id(), Field.Store.YES));
        d.add(new StringField(IndexFields.DOC_ID, c.docId(), Field.Store.YES));
        d.add(new StoredField(IndexFields.SOURCE, c.source()));
        d.add(new StoredField(IndexFields.TITLE, c.title()));
        d.add(new IntField(IndexFields.PAGE, c.page(), Field.Store.YES));
        d.add(new StoredField(IndexFields.TEXT, c.text()));
        d.add(new TextField(IndexFields.CONTENTS, c.title().isBlank() ? c.text() : c.title() + "\n" + c.text(), Field.Store.NO));
        if (vector != null) d.add(new KnnFloatVectorField(IndexFields.VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
        return d;
    }

    private static org.apache.lucene.document.Document fileDocument(Pending p) {
        var d = new org.apache.lucene.document.Document();
        d.add(new StringField(IndexFields.KIND, IndexFields.KIND_FILE, Field.Store.NO));
        d.add(new StringField(IndexFields.PATH, p.path, Field.Store.YES));
        d.add(new StringField(IndexFields.HASH, p.hash, Field.Store.YES));
        d.add(new LongField(IndexFields.MTIME, p.mtime, Field.Store.YES));
        return d;
    }

    private static org.apache.lucene.search.Query fileRecordQuery(String path) {
        return new org.apache.lucene.search.BooleanQuery.Builder()
                .add(new TermQuery(new Term(IndexFields.PATH, path)), org.apache.lucene.search.BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term(IndexFields.KIND, IndexFields.KIND_FILE)), org.apache.lucene.search.BooleanClause.Occur.FILTER)
                .build();
    }

    private Map<String, FileRecord> fileRecords(IndexWriter writer) throws IOException {
        Map<String, FileRecord> out = new HashMap<>();
        try (DirectoryReader r = DirectoryReader.open(writer)) {
            var searcher = new IndexSearcher(r);
            var q = new TermQuery(new Term(IndexFields.KIND, IndexFields.KIND_FILE));
            int n = searcher.count(q);
            if (n == 0) return out;
            var stored = searcher.storedFields();
            for (var sd : searcher.search(q, n).scoreDocs) {
                var d = stored.document(sd.doc);
                out.put(d.get(IndexFields.PATH), new FileRecord(d.get(IndexFields.PATH), d.get(IndexFields.HASH),
                        d.getField(IndexFields.MTIME).numericValue().longValue()));
            }
        }
        return out;
    }

    /** The directory to write into: new, empty, or an index; never a folder of something else. */
    private Path checkedDir() {
        if (Files.isRegularFile(indexDir)) throw new HoneException(indexDir + ": is a file, not an index directory");
        if (Files.isDirectory(indexDir)) {
            try (Stream<Path> s = Files.list(indexDir)) {
                boolean foreign = s.map(p -> p.getFileName().toString())
                        .anyMatch(n -> !(n.startsWith("segments") || n.startsWith("_") || n.equals("write.lock") || n.startsWith("pending_segments")));
                if (foreign) throw new HoneException(indexDir + ": not empty and not an index; give a new or empty directory");
            } catch (IOException e) {
                throw new HoneException(indexDir + ": cannot list: " + e.getMessage(), e);
            }
        } else {
            try {
                Files.createDirectories(indexDir);
            } catch (IOException e) {
                throw new HoneException(indexDir + ": cannot create: " + e.getMessage(), e);
            }
        }
        return indexDir;
    }

    private IndexStamp stampFor(IndexStamp existing) {
        String name = embedder == null ? IndexStamp.NO_EMBEDDER : embedder.name();
        int dim = embedder == null ? 0 : embedder.dimension();
        if (existing == null) {
            return new IndexStamp(IndexStamp.FORMAT, name, dim, Analyzers.NAME, options.chunkTokens(), options.chunkOverlap());
        }
        if (!existing.embedder().equals(name)) {
            throw new HoneException(indexDir + ": index was built with embedder " + existing.embedder() + "; re-index with the same "
                    + (existing.hasVectors() ? "--embedder " + existing.embedder() : "--bm25-only") + " or into a new directory");
        }
        if (existing.chunkTokens() != options.chunkTokens() || existing.chunkOverlap() != options.chunkOverlap()) {
            err.println("hone: " + indexDir + ": keeping the index's chunking (" + existing.chunkTokens() + " tokens, overlap "
                    + existing.chunkOverlap() + ")");
        }
        return existing;
    }

    private static String sha256(Path file) throws IOException {
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
