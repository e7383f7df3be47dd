package io.hone.rag.solr;

import io.hone.rag.retrieve.Hit;
import io.hone.rag.retrieve.Retriever;
import org.apache.solr.client.solrj.SolrQuery;

import java.util.List;
import java.util.Locale;

/**
 * BM25 (k1=0.9, b=0.4, set in the schema) over {@code contents}, scored with collection-wide statistics
 * (ExactStatsCache). The query is the embedded index's bag of words: the standard parser with {@code q.op=OR} and
 * {@code sow=false} hands the whole escaped text to the field's analyzer, which makes one SHOULD term clause per
 * token (a repeated word counts twice, as the embedded index's boost by count does).
 */
public final class SolrBm25Retriever implements Retriever {
    private final SolrCollection collection;

    public SolrBm25Retriever(SolrCollection collection) {
        this.collection = collection;
    }

    /** The text with every query-syntax character escaped, lower-cased (so AND/OR/NOT are words; the analyzer lower-cases anyway). */
    static String escape(String text) {
        String s = text.toLowerCase(Locale.ROOT);
        var out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\\+-!():^[]\"{}~*?|&;/".indexOf(c) >= 0) out.append('\\');
            out.append(c);
        }
        return out.toString();
    }

    public SolrQuery query(String text, int k) {
        var q = new SolrQuery(escape(text));
        q.set("defType", "lucene");
        q.set("df", SolrFields.CONTENTS);
        q.set("q.op", "OR");
        q.set("sow", "false");
        q.addFilterQuery("{!term f=" + SolrFields.KIND + "}" + SolrFields.KIND_CHUNK);
        q.setRows(k);
        return q;
    }

    @Override
    public List<Hit> search(String text, int k) {
        if (text.isBlank()) return List.of();
        return SolrHits.search(collection, query(text, k));
    }

    @Override
    public String name() {
        return "bm25";
    }
}
