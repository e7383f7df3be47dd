package io.hone.rag.retrieve;

import io.hone.rag.index.Analyzers;
import io.hone.rag.index.IndexFields;
import io.hone.rag.index.RagIndex;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BM25 (k1=0.9, b=0.4) over the analyzed title+text field. The query is a bag of words, each distinct
 * term a SHOULD clause boosted by its count, as Anserini's BagOfWordsQueryGenerator builds it.
 */
public final class Bm25Retriever implements Retriever {
    private final IndexSearcher searcher;
    private final Analyzer analyzer = Analyzers.english();

    public Bm25Retriever(RagIndex index) {
        this.searcher = index.searcher();
    }

    public Query query(String text) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String t : Analyzers.terms(analyzer, IndexFields.CONTENTS, text)) counts.merge(t, 1, Integer::sum);
        var b = new BooleanQuery.Builder();
        for (var e : counts.entrySet()) {
            Query q = new TermQuery(new Term(IndexFields.CONTENTS, e.getKey()));
            b.add(e.getValue() == 1 ? q : new BoostQuery(q, e.getValue()), BooleanClause.Occur.SHOULD);
        }
        return b.build();
    }

    @Override
    public List<Hit> search(String text, int k) {
        try {
            return StoredHits.of(searcher, searcher.search(query(text), k));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return "bm25";
    }
}
