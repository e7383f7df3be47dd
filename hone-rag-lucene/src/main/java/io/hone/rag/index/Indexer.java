package io.hone.rag.index;

import io.hone.core.HoneException;
import io.hone.core.progress.ProgressBar;
import io.hone.rag.embed.Embedder;
import io.hone.rag.embed.PassageEmbedding;
import io.hone.rag.ingest.Chunk;
import io.hone.rag.ingest.Chunker;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds or updates an index from files. Only files whose mtime and content hash changed are re-read;
 * files gone from the folder are dropped; a file with the same content as one already indexed is skipped.
 * Everything happens in one Lucene commit at the end, so an interrupted run leaves the previous commit intact.
 */
public final class Indexer {
    private final Path indexDir;
    private final Embedder embedder; // null: BM25 only
    private final IndexOptions options;
    private final PrintStream err;

    public Indexer(Path indexDir, Embedder embedder, IndexOptions options, PrintStream err) {
        this.indexDir = indexDir;
        this.embedder = embedder;
        this.options = options;
        this.err = err;
    }

    public IndexReport index(Path docs) {
        long t0 = System.nanoTime();
        SourceFiles.Listing listing = FileScan.list(docs, options.followSymlinks(), err);
        Path dirChecked = checkedDir();
        IndexStamp stamp = IndexStamp.forBuild(RagIndex.readStamp(dirChecked), indexDir.toString(),
                embedder == null ? IndexStamp.NO_EMBEDDER : embedder.name(), embedder == null ? 0 : embedder.dimension(), options, err);
        TokenCounter counter = embedder == null ? TokenCounter.WORD_PIECE_ESTIMATE : embedder.tokenCounter();
        Chunker chunker = new Chunker(stamp.chunkTokens(), stamp.chunkOverlap(), counter);

        var config = new IndexWriterConfig(Analyzers.english()).setSimilarity(RagIndex.bm25())
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND).setCommitOnClose(false).setRAMBufferSizeMB(128);
        try (Directory dir = FSDirectory.open(indexDir); IndexWriter writer = new IndexWriter(dir, config)) {
            FileScan.Result scan = FileScan.scan(docs, listing, fileRecords(writer), chunker, err);
            for (FileScan.Pending p : scan.pending()) if (!p.changed()) writer.deleteDocuments(fileRecordQuery(p.path()));
            for (String path : scan.removed()) writer.deleteDocuments(new Term(IndexFields.PATH, path));
            List<FileScan.Pending> changed = scan.changed();
            for (FileScan.Pending p : changed) writer.deleteDocuments(new Term(IndexFields.PATH, p.path()));
            int total = scan.chunkCount(), chunks = 0;
            var progress = ProgressBar.on(err, embedder == null ? "indexing" : "embedding", total).unit("chunks");
            for (FileScan.Pending p : changed) {
                for (int from = 0; from < p.chunks().size(); from += WINDOW) {
                    List<Chunk> window = p.chunks().subList(from, Math.min(p.chunks().size(), from + WINDOW));
                    float[][] vectors = embedder == null ? null : PassageEmbedding.embed(embedder, window, options.batchSize(), progress);
                    for (int i = 0; i < window.size(); i++) {
                        writer.addDocument(chunkDocument(p.path(), window.get(i), vectors == null ? null : vectors[i]));
                        if (embedder == null) progress.advance(1);
                    }
                    chunks += window.size();
                }
            }
            if (total > 0) progress.finish();
            double embedSeconds = embedder == null ? 0 : progress.seconds();
            for (FileScan.Pending p : scan.pending()) writer.addDocument(fileDocument(p));
            writer.setLiveCommitData(stamp.toUserData().entrySet());
            writer.commit();
            return new IndexReport(scan.files().size(), changed.size(), scan.unchanged(), scan.skipped(), scan.removed().size(), scan.documents(),
                    chunks, (System.nanoTime() - t0) / 1e9, embedSeconds, scan.outsideLinks());
        } catch (IOException e) {
            throw new HoneException(indexDir + ": cannot write index: " + e.getMessage(), e);
        }
    }

    private static final int WINDOW = 4096;

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

    private static org.apache.lucene.document.Document fileDocument(FileScan.Pending p) {
        var d = new org.apache.lucene.document.Document();
        d.add(new StringField(IndexFields.KIND, IndexFields.KIND_FILE, Field.Store.NO));
        d.add(new StringField(IndexFields.PATH, p.path(), Field.Store.YES));
        d.add(new StringField(IndexFields.HASH, p.hash(), Field.Store.YES));
        d.add(new LongField(IndexFields.MTIME, p.mtime(), Field.Store.YES));
        return d;
    }

    private static org.apache.lucene.search.Query fileRecordQuery(String path) {
        return new org.apache.lucene.search.BooleanQuery.Builder()
                .add(new TermQuery(new Term(IndexFields.PATH, path)), org.apache.lucene.search.BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term(IndexFields.KIND, IndexFields.KIND_FILE)), org.apache.lucene.search.BooleanClause.Occur.FILTER)
                .build();
    }

    private Map<String, FileScan.FileRecord> fileRecords(IndexWriter writer) throws IOException {
        Map<String, FileScan.FileRecord> out = new HashMap<>();
        try (DirectoryReader r = DirectoryReader.open(writer)) {
            var searcher = new IndexSearcher(r);
            var q = new TermQuery(new Term(IndexFields.KIND, IndexFields.KIND_FILE));
            int n = searcher.count(q);
            if (n == 0) return out;
            var stored = searcher.storedFields();
            for (var sd : searcher.search(q, n).scoreDocs) {
                var d = stored.document(sd.doc);
                out.put(d.get(IndexFields.PATH), new FileScan.FileRecord(d.get(IndexFields.PATH), d.get(IndexFields.HASH),
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
}
