package io.hone.rag.solr;

import io.hone.core.HoneException;
import io.hone.rag.index.IndexStamp;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.schema.SchemaRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.params.CursorMarkParams;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A connection to one SolrCloud collection: the SolrJ client (cluster state from ZooKeeper or from the nodes' HTTP API),
 * the collection's stamp, and the admin calls hone needs (create with hone's configset, vector dimension, counts).
 * Every failure to reach the cluster becomes one {@link HoneException} line naming it.
 */
public final class SolrCollection implements AutoCloseable {
    private final SolrTarget target;
    private final CloudSolrClient client;

    private SolrCollection(SolrTarget target, CloudSolrClient client) {
        this.target = target;
        this.client = client;
    }

    /** Connects and checks the cluster answers; the collection may not exist yet. */
    public static SolrCollection connect(SolrTarget target) {
        CloudSolrClient client = target.viaZooKeeper()
                ? new CloudSolrClient.Builder(target.zkHosts(), target.zkChroot())
                        .withZkConnectTimeout(10, TimeUnit.SECONDS).withZkClientTimeout(15, TimeUnit.SECONDS).build()
                : new CloudSolrClient.Builder(target.solrUrls()).build();
        var c = new SolrCollection(target, client);
        try {
            c.exists();
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Connects to a collection that must exist and carry hone's stamp (query, ask, eval of a built collection). */
    public static SolrCollection open(SolrTarget target) {
        var c = connect(target);
        try {
            if (!c.exists()) {
                throw new HoneException(target.where() + ": no such collection on " + target.cluster() + " (build it with `hone rag index --backend solr`)");
            }
            if (c.stamp() == null) {
                throw new HoneException(target.where() + ": collection holds no hone stamp (not built by `hone rag index`, or never committed)");
            }
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    public SolrTarget target() {
        return target;
    }

    public String name() {
        return target.collection();
    }

    public CloudSolrClient client() {
        return client;
    }

    public boolean exists() {
        return call(() -> CollectionAdminRequest.listCollections(client).contains(target.collection()));
    }

    /** Creates the collection with hone's configset for {@code dimension}, waiting until every replica is active. */
    public void create(int dimension, int shards, int replicas) {
        call(() -> {
            String config = ConfigSet.ensure(client, dimension);
            var create = CollectionAdminRequest.createCollection(target.collection(), config, shards, replicas);
            create.setWaitForFinalState(true);
            create.process(client);
            return null;
        });
    }

    /** The dimension the collection's vector field was created with. */
    public int vectorDimension() {
        return call(() -> {
            var type = new SchemaRequest.FieldType("knn_vector").process(client, target.collection()).getFieldType();
            Object dim = type.getAttributes().get("vectorDimension");
            if (dim == null) throw new HoneException(target.where() + ": collection has no hone vector field type (not created by hone)");
            return Integer.parseInt(dim.toString());
        });
    }

    /** The committed stamp, or null when the collection has none (new, or not hone's). */
    public IndexStamp stamp() {
        return call(() -> {
            var q = new SolrQuery("{!term f=" + SolrFields.ID + "}" + SolrFields.STAMP_ID).setFields(SolrFields.STAMP).setRows(1);
            var docs = client.query(target.collection(), q).getResults();
            if (docs.isEmpty()) return null;
            var props = new Properties();
            props.load(new StringReader((String) docs.getFirst().getFirstValue(SolrFields.STAMP)));
            Map<String, String> data = new LinkedHashMap<>();
            for (String k : props.stringPropertyNames()) data.put(k, props.getProperty(k));
            return IndexStamp.fromUserData(target.where(), data);
        });
    }

    /** Committed documents of a kind ({@code chunk}, {@code file}; null: all). */
    public long count(String kind) {
        var q = new SolrQuery(kind == null ? "*:*" : "{!term f=kind}" + kind).setRows(0);
        return call(() -> client.query(target.collection(), q).getResults().getNumFound());
    }

    /** Every committed document of {@code kind} with {@code fields}, paged with a cursor (sorted by id). */
    public List<SolrDocument> all(String kind, String... fields) {
        return call(() -> {
            List<SolrDocument> out = new ArrayList<>();
            String cursor = CursorMarkParams.CURSOR_MARK_START;
            while (true) {
                var q = new SolrQuery("{!term f=kind}" + kind).setFields(fields).setRows(1000).setSort(SolrFields.ID, SolrQuery.ORDER.asc);
                q.set(CursorMarkParams.CURSOR_MARK_PARAM, cursor);
                QueryResponse r = client.query(target.collection(), q);
                out.addAll(r.getResults());
                String next = r.getNextCursorMark();
                if (next.equals(cursor)) return out;
                cursor = next;
            }
        });
    }

    interface SolrCall<T> {
        T run() throws Exception;
    }

    /** Runs a call against the cluster, turning what fails on the way into one line naming the cluster. */
    <T> T call(SolrCall<T> call) {
        try {
            return call.run();
        } catch (HoneException e) {
            throw e;
        } catch (Exception e) {
            throw SolrErrors.of(target, e);
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException | RuntimeException ignored) {
            // closing a client of an unreachable cluster can fail too; the first error is the one reported
        }
    }
}
