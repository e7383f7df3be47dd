package io.hone.rag.solr;

import io.hone.core.HoneException;
import org.apache.solr.client.solrj.impl.BaseHttpSolrClient;
import org.apache.solr.common.SolrException;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** One clear line for what SolrJ throws: the cluster unreachable, a node's error message, or the exception's first line. */
final class SolrErrors {
    private SolrErrors() {
    }

    static HoneException of(SolrTarget target, Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof TimeoutException || t instanceof java.net.UnknownHostException
                    || t instanceof java.nio.channels.UnresolvedAddressException) {
                return new HoneException("cannot reach " + target.cluster() + ": " + firstLine(t), e);
            }
            if (t instanceof BaseHttpSolrClient.RemoteSolrException || t instanceof SolrException) root = t;
        }
        String m = firstLine(root);
        if (m.contains("Could not connect to ZooKeeper") || m.contains("ZooKeeper") && m.contains("timeout") || m.contains("Timed out")) {
            return new HoneException("cannot reach " + target.cluster() + ": " + m, e);
        }
        if (m.contains("Could not find a healthy node") || m.contains("Tried fetching") || m.contains("Failed fetching live_nodes") || m.contains("No live SolrServers")) {
            return new HoneException("cannot reach " + target.cluster() + ": " + m, e);
        }
        return new HoneException(target.where() + " on " + target.cluster() + ": " + m, e);
    }

    static String firstLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) return t.getClass().getSimpleName();
        return m.strip().lines().findFirst().orElse(m);
    }
}
