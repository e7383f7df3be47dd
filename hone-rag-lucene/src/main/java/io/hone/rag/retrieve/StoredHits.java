package io.hone.rag.retrieve;

import io.hone.rag.index.IndexFields;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Turns Lucene top docs into {@link Hit}s by reading their stored fields. */
final class StoredHits {
    private StoredHits() {
    }

    static List<Hit> of(IndexSearcher searcher, TopDocs top) {
        try {
            StoredFields stored = searcher.storedFields();
            List<Hit> hits = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc sd : top.scoreDocs) {
                Document d = stored.document(sd.doc);
                var page = d.getField(IndexFields.PAGE);
                hits.add(new Hit(d.get(IndexFields.CHUNK_ID), d.get(IndexFields.DOC_ID), d.get(IndexFields.TITLE),
                        d.get(IndexFields.SOURCE), page == null ? 0 : page.numericValue().intValue(), d.get(IndexFields.TEXT), sd.score));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
