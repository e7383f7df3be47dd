package io.hone.rag.solr;

import io.hone.core.HoneException;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.request.ConfigSetAdminRequest;
import org.apache.solr.client.solrj.response.ConfigSetAdminResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * hone's configset ({@code solrconfig.xml}, {@code schema.xml}, {@code stopwords_en.txt} in this package's
 * {@code configset/} resources), one per vector dimension ({@code hone-rag-d384}), uploaded through the Configsets API
 * the first time a collection needs it.
 */
public final class ConfigSet {
    static final List<String> FILES = List.of("solrconfig.xml", "schema.xml", "stopwords_en.txt");

    private ConfigSet() {
    }

    public static String name(int dimension) {
        return "hone-rag-d" + dimension;
    }

    /** Uploads the configset for {@code dimension} unless the cluster has it; returns its name. */
    public static String ensure(SolrClient client, int dimension) throws Exception {
        String name = name(dimension);
        ConfigSetAdminResponse.List list = new ConfigSetAdminRequest.List().process(client);
        if (list.getConfigSets().contains(name)) return name;
        Path zip = Files.createTempFile("hone-configset", ".zip");
        try {
            Files.write(zip, zip(dimension));
            new ConfigSetAdminRequest.Upload().setConfigSetName(name).setUploadFile(zip.toFile(), "application/zip").process(client);
        } finally {
            Files.deleteIfExists(zip);
        }
        return name;
    }

    static byte[] zip(int dimension) throws IOException {
        if (dimension <= 0) throw new HoneException("vector dimension must be positive, got " + dimension);
        var bytes = new ByteArrayOutputStream();
        try (var out = new ZipOutputStream(bytes)) {
            for (String f : FILES) {
                out.putNextEntry(new ZipEntry(f));
                out.write(resource(f).replace("@DIM@", Integer.toString(dimension)).getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static String resource(String file) throws IOException {
        try (InputStream in = ConfigSet.class.getResourceAsStream("configset/" + file)) {
            if (in == null) throw new IllegalStateException("configset/" + file + " missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
