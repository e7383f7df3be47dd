package io.hone.rag.solr;

import io.hone.core.HoneException;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where a collection lives: ZooKeeper hosts (+ chroot), as {@code --solr-zk host:2181[,host:2181][/chroot]} gives them,
 * or Solr node URLs ({@code --solr-url http://host:8983/solr[,..]}), plus the collection's name.
 */
public record SolrTarget(List<String> zkHosts, Optional<String> zkChroot, List<String> solrUrls, String collection) {
    public SolrTarget {
        zkHosts = List.copyOf(zkHosts);
        solrUrls = List.copyOf(solrUrls);
        if (zkHosts.isEmpty() == solrUrls.isEmpty()) throw new HoneException("give one of --solr-zk or --solr-url");
        if (collection == null || !collection.matches("[A-Za-z0-9._-]+") || collection.startsWith("-")) {
            throw new HoneException("--collection: '" + collection + "' is not a Solr collection name (letters, digits, . _ -)");
        }
    }

    /** From the CLI's options: exactly one of {@code zk} and {@code urls} non-null. */
    public static SolrTarget of(String zk, String urls, String collection) {
        if (zk != null && urls != null) throw new HoneException("give --solr-zk or --solr-url, not both");
        if (zk != null) {
            int slash = zk.indexOf('/');
            String hosts = slash < 0 ? zk : zk.substring(0, slash);
            Optional<String> chroot = slash < 0 || slash == zk.length() - 1 ? Optional.empty() : Optional.of(zk.substring(slash));
            return new SolrTarget(split(hosts, "--solr-zk"), chroot, List.of(), collection);
        }
        if (urls != null) {
            List<String> list = split(urls, "--solr-url");
            for (String u : list) {
                if (!u.startsWith("http://") && !u.startsWith("https://")) throw new HoneException("--solr-url: '" + u + "' is not an http(s) URL");
            }
            return new SolrTarget(List.of(), Optional.empty(), list.stream().map(u -> u.replaceAll("/+$", "")).toList(), collection);
        }
        throw new HoneException("--backend solr needs --solr-zk HOST:PORT[/chroot] or --solr-url URL");
    }

    private static List<String> split(String s, String option) {
        List<String> parts = Arrays.stream(s.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
        if (parts.isEmpty()) throw new HoneException(option + ": empty");
        return parts;
    }

    public boolean viaZooKeeper() {
        return !zkHosts.isEmpty();
    }

    /** The cluster, as messages name it: {@code ZooKeeper host:2181/solr} or {@code Solr http://host:8983/solr}. */
    public String cluster() {
        return viaZooKeeper() ? "ZooKeeper " + String.join(",", zkHosts) + zkChroot.orElse("") : "Solr " + String.join(",", solrUrls);
    }

    /** The same cluster, another collection. */
    public SolrTarget withCollection(String name) {
        return new SolrTarget(zkHosts, zkChroot, solrUrls, name);
    }

    /** The command-line options that name the cluster: {@code --solr-zk host:2181/chroot} or {@code --solr-url URL,..}. */
    public String options() {
        return viaZooKeeper() ? "--solr-zk " + String.join(",", zkHosts) + zkChroot.orElse("") : "--solr-url " + String.join(",", solrUrls);
    }

    /** The collection, as messages name it: {@code solr:NAME}. */
    public String where() {
        return "solr:" + collection;
    }
}
