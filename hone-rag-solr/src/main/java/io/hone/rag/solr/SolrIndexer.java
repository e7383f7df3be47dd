package io.hone.rag.solr;

import io.hone.core.HoneException;
import io.hone.core.progress.ProgressBar;
import io.hone.rag.embed.Embedder;
import io.hone.rag.embed.PassageEmbedding;
import io.hone.rag.index.FileScan;
import io.hone.rag.index.IndexOptions;
import io.hone.rag.index.IndexReport;
import io.hone.rag.index.IndexStamp;
import io.hone.rag.index.SourceFiles;
import io.hone.rag.ingest.Chunk;
import io.hone.rag.ingest.Chunker;
import io.hone.rag.ingest.TokenCounter;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Builds or updates a SolrCloud collection from files, as {@code Indexer} does the embedded index: the same loaders,
 * chunking, embedder and incremental rules ({@link FileScan}). Everything that can fail on the client (cluster
 * reachable, collection hone's, vector dimension, reading, chunking, embedding) happens before the first update is
 * sent; the updates become visible at one explicit commit at the end (the configset has no automatic commits).
 * A collection that does not exist is created with hone's configset, {@code shards} × {@code replicas}.
 */
public final class SolrIndexer {
    /** Documents per update request. */
    static final int BATCH = 500;
    /** A collection created for BM25 only still declares a vector field; this is its dimension. */
    static final int BM25_ONLY_DIMENSION = 384;

    private final SolrCollection collection;
    private final Embedder embedder; // null: BM25 only
    private final IndexOptions options;
    private final int shards, replicas;
    private final PrintStream err;

    public SolrIndexer(SolrCollection collection, Embedder embedder, IndexOptions options, int shards, int replicas, PrintStream err) {
        this.collection = collection;
        this.embedder = embedder;
        this.options = options;
        this.shards = shards;
        this.replicas = replicas;
        this.err = err;
    }

    public IndexReport index(Path docs) {
        long t0 = System.nanoTime();
        String where = collection.target().where();
        SourceFiles.Listing listing = FileScan.list(docs, options.followSymlinks(), err);
        boolean exists = collection.exists();
        IndexStamp existing = exists ? collection.stamp() : null;
        if (exists && existing == null && collection.count(null) > 0) {
            throw new HoneException(where + ": collection has documents but no hone stamp (not built by `hone rag index`); use another --collection");
        }
        if (exists && embedder != null) {
            int dim = collection.vectorDimension();
            if (dim != embedder.dimension()) {
                throw new HoneException(where + ": vector dimension mismatch: the collection's vector field has " + dim + " dimensions, embedder "
                        + embedder.name() + " gives " + embedder.dimension() + "; index into a new --collection");
            }
        }
        IndexStamp stamp = IndexStamp.forBuild(existing, where, embedder == null ? IndexStamp.NO_EMBEDDER : embedder.name(),
                embedder == null ? 0 : embedder.dimension(), options, err);
        TokenCounter counter = embedder == null ? TokenCounter.WORD_PIECE_ESTIMATE : embedder.tokenCounter();
        Chunker chunker = new Chunker(stamp.chunkTokens(), stamp.chunkOverlap(), counter);

        FileScan.Result scan = FileScan.scan(docs, listing, exists ? fileRecords() : Map.of(), chunker, err);
        List<FileScan.Pending> changed = scan.changed();
        int total = scan.chunkCount();
        var progress = ProgressBar.on(err, embedder == null ? "indexing" : "embedding", total).unit("chunks");
        List<SolrInputDocument> chunkDocs = new ArrayList<>(total);
        for (FileScan.Pending p : changed) {
            float[][] vectors = embedder == null ? null : PassageEmbedding.embed(embedder, p.chunks(), options.batchSize(), progress);
            for (int i = 0; i < p.chunks().size(); i++) {
                chunkDocs.add(chunkDocument(p.path(), p.chunks().get(i), vectors == null ? null : vectors[i]));
                if (embedder == null) progress.advance(1);
            }
        }
        if (total > 0) progress.finish();
        double embedSeconds = embedder == null ? 0 : progress.seconds();

        if (!exists) collection.create(embedder == null ? BM25_ONLY_DIMENSION : embedder.dimension(), shards, replicas);
        var client = collection.client();
        String name = collection.name();
        collection.call(() -> {
            for (String path : scan.removed()) client.deleteByQuery(name, "{!term f=" + SolrFields.PATH + "}" + path);
            for (FileScan.Pending p : changed) client.deleteByQuery(name, "{!term f=" + SolrFields.PATH + "}" + p.path());
            for (int from = 0; from < chunkDocs.size(); from += BATCH) {
                client.add(name, chunkDocs.subList(from, Math.min(chunkDocs.size(), from + BATCH)));
            }
            List<SolrInputDocument> records = new ArrayList<>();
            for (FileScan.Pending p : scan.pending()) records.add(fileDocument(p));
            records.add(stampDocument(stamp));
            client.add(name, records);
            client.commit(name, true, true);
            return null;
        });
        return new IndexReport(scan.files().size(), changed.size(), scan.unchanged(), scan.skipped(), scan.removed().size(), scan.documents(),
                chunkDocs.size(), (System.nanoTime() - t0) / 1e9, embedSeconds, scan.outsideLinks());
    }

    private Map<String, FileScan.FileRecord> fileRecords() {
        Map<String, FileScan.FileRecord> out = new HashMap<>();
        for (SolrDocument d : collection.all(SolrFields.KIND_FILE, SolrFields.PATH, SolrFields.HASH, SolrFields.MTIME)) {
            String path = (String) d.getFirstValue(SolrFields.PATH);
            out.put(path, new FileScan.FileRecord(path, (String) d.getFirstValue(SolrFields.HASH), ((Number) d.getFirstValue(SolrFields.MTIME)).longValue()));
        }
        return out;
    }

    static SolrInputDocument chunkDocument(String path, Chunk c, float[] vector) {
        var d = new SolrInputDocument();
        d.setField(SolrFields.ID, SolrFields.chunkKey(path, c.id()));
        d.setField(SolrFields.KIND, SolrFields.KIND_CHUNK);
        d.setField(SolrFields.PATH, path);
        d.setField(SolrFields.CHUNK_ID, c.id());
        d.setField(SolrFields.DOC_ID, c.docId());
        d.setField(SolrFields.SOURCE, c.source());
        d.setField(SolrFields.TITLE, c.title());
        d.setField(SolrFields.PAGE, c.page());
        d.setField(SolrFields.TEXT, c.text());
        d.setField(SolrFields.CONTENTS, c.title().isBlank() ? c.text() : c.title() + "\n" + c.text());
        if (vector != null) {
            List<Float> v = new ArrayList<>(vector.length);
            for (float x : vector) v.add(x);
            d.setField(SolrFields.VECTOR, v);
        }
        return d;
    }

    private static SolrInputDocument fileDocument(FileScan.Pending p) {
        var d = new SolrInputDocument();
        d.setField(SolrFields.ID, SolrFields.fileKey(p.path()));
        d.setField(SolrFields.KIND, SolrFields.KIND_FILE);
        d.setField(SolrFields.PATH, p.path());
        d.setField(SolrFields.HASH, p.hash());
        d.setField(SolrFields.MTIME, p.mtime());
        return d;
    }

    private static SolrInputDocument stampDocument(IndexStamp stamp) {
        var props = new Properties();
        props.putAll(stamp.toUserData());
        var text = new StringWriter();
        try {
            props.store(text, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var d = new SolrInputDocument();
        d.setField(SolrFields.ID, SolrFields.STAMP_ID);
        d.setField(SolrFields.KIND, SolrFields.KIND_STAMP);
        d.setField(SolrFields.STAMP, text.toString());
        return d;
    }
}
