package io.hone.rag.solr;

import io.hone.rag.retrieve.Hit;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.common.SolrDocument;

import java.util.ArrayList;
import java.util.List;

/** Runs a ranking query on the collection and turns its documents into {@link Hit}s. */
final class SolrHits {
    static final String FIELDS = String.join(",", SolrFields.CHUNK_ID, SolrFields.DOC_ID, SolrFields.TITLE, SolrFields.SOURCE,
            SolrFields.PAGE, SolrFields.TEXT, "score");
    /** Tries per query: a node going down mid-request is retried on the replicas the client now knows to be live. */
    static final int ATTEMPTS = 4;

    private SolrHits() {
    }

    static List<Hit> search(SolrCollection collection, SolrQuery query) {
        query.setFields(FIELDS);
        return collection.call(() -> {
            for (int attempt = 1; ; attempt++) {
                try {
                    List<Hit> hits = new ArrayList<>();
                    for (SolrDocument d : collection.client().query(collection.name(), query).getResults()) hits.add(hit(d));
                    return hits;
                } catch (Exception e) {
                    if (attempt == ATTEMPTS) throw e;
                    Thread.sleep(250L * attempt);
                }
            }
        });
    }

    private static Hit hit(SolrDocument d) {
        Object page = d.getFirstValue(SolrFields.PAGE);
        return new Hit(str(d, SolrFields.CHUNK_ID), str(d, SolrFields.DOC_ID), str(d, SolrFields.TITLE), str(d, SolrFields.SOURCE),
                page == null ? 0 : ((Number) page).intValue(), str(d, SolrFields.TEXT), ((Number) d.getFirstValue("score")).floatValue());
    }

    private static String str(SolrDocument d, String field) {
        Object v = d.getFirstValue(field);
        return v == null ? "" : v.toString();
    }
}
