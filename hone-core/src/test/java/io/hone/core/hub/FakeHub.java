package io.hone.core.hub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hone.core.io.JsonFile;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A Hugging Face Hub on 127.0.0.1 speaking the parts of its protocol hone uses: the revision API with blob ids, and
 * {@code resolve/} URLs that serve small files directly and redirect LFS files (here: safetensors) to a second,
 * "CDN" server. Real files from a folder; Range requests; a token check; and faults to inject.
 */
public final class FakeHub implements AutoCloseable {
    record Repo(String commit, Map<String, byte[]> files, int status, String errorCode) {}

    final Map<String, Repo> repos = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> cdnAuthHeaders = new CopyOnWriteArrayList<>();
    public final AtomicInteger fileGets = new AtomicInteger();
    volatile String requiredToken;
    /** The next CDN response stops after this many bytes (then the connection is dropped); -1 = off. */
    volatile long breakAfter = -1;
    /** The CDN flips a byte of every file it serves. */
    volatile boolean corrupt;
    /** When set, LFS files redirect here instead of to the CDN (a hostile mirror). */
    volatile String lfsLocation;
    private final HttpServer hub, cdn;

    public FakeHub() throws IOException {
        hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cdn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.createContext("/", this::hub);
        cdn.createContext("/", this::cdn);
        hub.start();
        cdn.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
    }

    /** Serves every top-level file of {@code dir} as repository {@code repo} at {@code commit}, branch main. */
    public void addRepo(String repo, String commit, Path dir) throws IOException {
        var files = new LinkedHashMap<String, byte[]>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) if (Files.isRegularFile(p)) files.put(p.getFileName().toString(), Files.readAllBytes(p));
        }
        repos.put(repo, new Repo(commit, files, 200, null));
    }

    void addRepo(String repo, String commit, Map<String, byte[]> files) {
        repos.put(repo, new Repo(commit, new LinkedHashMap<>(files), 200, null));
    }

    void addError(String repo, int status, String errorCode) {
        repos.put(repo, new Repo("0".repeat(40), Map.of(), status, errorCode));
    }

    static boolean isLfs(String name) {
        return name.endsWith(".safetensors");
    }

    static String sha256(byte[] b) {
        return hex("SHA-256", new byte[0], b);
    }

    static String gitBlobId(byte[] b) {
        return hex("SHA-1", ("blob " + b.length + "\0").getBytes(StandardCharsets.US_ASCII), b);
    }

    private static String hex(String alg, byte[] prefix, byte[] b) {
        try {
            var md = MessageDigest.getInstance(alg);
            md.update(prefix);
            return HexFormat.of().formatHex(md.digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void hub(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            requests.add(ex.getRequestMethod() + " " + path);
            if (requiredToken != null && !("Bearer " + requiredToken).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, "{\"error\":\"Invalid username or password.\"}".getBytes(), Map.of());
                return;
            }
            if (path.startsWith("/api/models/")) api(ex, path.substring("/api/models/".length()));
            else resolve(ex, path.substring(1));
        }
    }

    private void api(HttpExchange ex, String rest) throws IOException {
        int rev = rest.indexOf("/revision/");
        Repo repo = repos.get(rest.substring(0, rev));
        if (repo == null) {
            send(ex, 401, "{\"error\":\"Repository Not Found\"}".getBytes(), Map.of("X-Error-Code", "RepoNotFound"));
            return;
        }
        if (repo.status() != 200) {
            send(ex, repo.status(), "{}".getBytes(), Map.of("X-Error-Code", repo.errorCode()));
            return;
        }
        String revision = java.net.URLDecoder.decode(rest.substring(rev + "/revision/".length()), StandardCharsets.UTF_8);
        if (!revision.equals("main") && !revision.equals(repo.commit())) {
            send(ex, 404, "{}".getBytes(), Map.of("X-Error-Code", "RevisionNotFound"));
            return;
        }
        ObjectNode json = JsonFile.MAPPER.createObjectNode().put("id", "x").put("sha", repo.commit());
        var siblings = json.putArray("siblings");
        repo.files().forEach((name, bytes) -> {
            ObjectNode s = siblings.addObject().put("rfilename", name).put("size", bytes.length).put("blobId", gitBlobId(bytes));
            if (isLfs(name)) s.putObject("lfs").put("sha256", sha256(bytes)).put("size", bytes.length).put("pointerSize", 134);
        });
        send(ex, 200, JsonFile.MAPPER.writeValueAsBytes(json), Map.of("Content-Type", "application/json"));
    }

    private void resolve(HttpExchange ex, String rest) throws IOException {
        int at = rest.indexOf("/resolve/");
        Repo repo = repos.get(rest.substring(0, at));
        String[] commitAndFile = rest.substring(at + "/resolve/".length()).split("/", 2);
        byte[] bytes = repo == null ? null : repo.files().get(commitAndFile[1]);
        if (bytes == null || !commitAndFile[0].equals(repo.commit())) {
            send(ex, 404, "{}".getBytes(), Map.of("X-Error-Code", "EntryNotFound"));
            return;
        }
        fileGets.incrementAndGet();
        if (isLfs(commitAndFile[1])) {
            String cdnUrl = "http://127.0.0.1:" + cdn.getAddress().getPort() + "/blobs/" + sha256(bytes);
            send(ex, 302, new byte[0], Map.of("Location", lfsLocation != null ? lfsLocation : cdnUrl, "X-Linked-Etag", "\"" + sha256(bytes) + "\""));
        } else {
            ranged(ex, bytes, false);
        }
    }

    private void cdn(HttpExchange ex) throws IOException {
        try (ex) {
            cdnAuthHeaders.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            String sha = ex.getRequestURI().getPath().substring("/blobs/".length());
            byte[] bytes = repos.values().stream().flatMap(r -> r.files().values().stream())
                    .filter(b -> sha256(b).equals(sha)).findFirst().orElse(null);
            if (bytes == null) {
                send(ex, 404, new byte[0], Map.of());
                return;
            }
            if (corrupt) {
                bytes = bytes.clone();
                bytes[bytes.length / 2] ^= 1;
            }
            ranged(ex, bytes, true);
        }
    }

    private void ranged(HttpExchange ex, byte[] bytes, boolean faults) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        int from = 0;
        if (range != null) {
            requests.add("RANGE " + range);
            from = Integer.parseInt(range.substring("bytes=".length(), range.indexOf('-')));
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (bytes.length - 1) + "/" + bytes.length);
        }
        int status = range != null ? 206 : 200;
        int len = bytes.length - from;
        long cut = faults ? breakAfter : -1;
        ex.sendResponseHeaders(status, len == 0 ? -1 : len);
        try (OutputStream out = ex.getResponseBody()) {
            if (cut >= 0 && cut < len) {
                breakAfter = -1;
                out.write(bytes, from, (int) cut);
                out.flush();
                // the server drops the connection when a handler fails mid-body: the client sees a premature EOF
                throw new IOException("fault injected: connection dropped");
            }
            out.write(bytes, from, len);
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body, Map<String, String> headers) throws IOException {
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        hub.stop(0);
        cdn.stop(0);
    }
}
