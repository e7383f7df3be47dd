package io.hone.core.hub;

import com.fasterxml.jackson.databind.JsonNode;
import io.hone.core.HoneException;
import io.hone.core.io.JsonFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Fetches a model or adapter repository from the Hugging Face Hub (or a mirror, {@code HF_ENDPOINT}) into the shared
 * Hugging Face cache, and answers from that cache when it already holds the revision: one metadata request per call,
 * then only the files the cache lacks ({@link BlobDownload}: resumable, verified byte for byte). Offline
 * ({@code HF_HUB_OFFLINE=1}) or with the Hub unreachable, a cached snapshot is used as it is.
 */
public final class HubClient {
    static final String USER_AGENT = "hone/0.1.0; java/" + Runtime.version().feature();
    private static final int MAX_REDIRECTS = 10;

    private final HubSettings settings;
    private final HubCache cache;
    private final PrintStream log;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(20)).build();

    /** {@code log}: where progress and notes go (null: silent). */
    public HubClient(HubSettings settings, PrintStream log) {
        this.settings = settings;
        this.cache = new HubCache(settings.cacheRoot());
        this.log = log;
    }

    public HubCache cache() {
        return cache;
    }

    /** The local snapshot folder of {@code id} holding the files hone reads (see {@link SnapshotFiles}). */
    public Path snapshot(HubRepoId id) {
        if (settings.offline()) {
            return cache.snapshot(id).orElseThrow(() -> new HoneException(id + ": HF_HUB_OFFLINE is set and the revision"
                    + " is not in the Hugging Face cache " + cache.repoDir(id)));
        }
        RepoRevision rev;
        try {
            rev = revision(id);
        } catch (Unreachable e) {
            Optional<Path> cached = cache.snapshot(id);
            if (cached.isEmpty()) {
                throw new HoneException(id + ": " + e.getMessage() + ", and the revision is not in the Hugging Face cache "
                        + cache.repoDir(id) + " (HF_ENDPOINT sets a mirror)");
            }
            note(id + ": " + e.getMessage() + "; using the cached snapshot " + cached.get());
            return cached.get();
        }
        SnapshotFiles.requireSafetensors(id, rev.files());
        var download = new BlobDownload(this, cache, id, rev.commit(), log);
        download.fetch(SnapshotFiles.configs(rev.files()));
        download.fetch(SnapshotFiles.weights(id, rev.files(), shards(id, rev)));
        cache.writeRef(id, rev.commit());
        return cache.snapshotDir(id, rev.commit());
    }

    /** The commit a revision points to now and its files, from {@code /api/models/<repo>/revision/<rev>?blobs=true}. */
    RepoRevision revision(HubRepoId id) {
        URI uri = URI.create(settings.endpoint() + "/api/models/" + id.repo() + "/revision/" + encode(id.revision())
                + "?blobs=true");
        HttpResponse<InputStream> r = send(uri, "GET", null);
        byte[] body;
        try (InputStream in = r.body()) {
            body = in.readAllBytes();
        } catch (IOException e) {
            throw new Unreachable("the connection to " + settings.endpoint() + " broke (" + e.getMessage() + ")");
        }
        if (r.statusCode() != 200) throw statusError(id, r, uri);
        JsonNode json;
        try {
            json = JsonFile.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new HoneException(id + ": " + uri + " did not answer with JSON (" + e.getMessage() + ")");
        }
        String commit = json.path("sha").asText("");
        if (!commit.matches("[0-9a-f]{40}")) throw new HoneException(id + ": " + uri + " gave no commit id (field sha)");
        List<HubFile> files = new ArrayList<>();
        for (JsonNode s : json.path("siblings")) {
            String name = s.path("rfilename").asText("");
            if (name.isEmpty() || name.startsWith("/") || name.contains("..") || name.contains("\\")) continue;
            if (!storable(name)) {
                throw new HoneException(id + ": " + uri + " lists a file name that cannot be stored in the cache: "
                        + printable(name));
            }
            JsonNode lfs = s.path("lfs");
            boolean isLfs = lfs.hasNonNull("sha256");
            String blobId = isLfs ? lfs.path("sha256").asText() : s.path("blobId").asText("");
            long size = isLfs ? lfs.path("size").asLong(s.path("size").asLong(-1)) : s.path("size").asLong(-1);
            if (!blobId.matches("[0-9a-f]{40}|[0-9a-f]{64}") || size < 0) {
                throw new HoneException(id + ": " + uri + " lists " + name + " without a blob id and size (the endpoint"
                        + " does not answer ?blobs=true like the Hub)");
            }
            files.add(new HubFile(name, size, blobId, isLfs));
        }
        return new RepoRevision(commit, files);
    }

    /** The shard file names a sharded checkpoint's index maps tensors to (its index is fetched first). */
    private List<String> shards(HubRepoId id, RepoRevision rev) {
        Path index = cache.snapshotDir(id, rev.commit()).resolve(SnapshotFiles.INDEX);
        if (rev.files().stream().noneMatch(f -> f.name().equals(SnapshotFiles.INDEX))) return List.of();
        var names = new TreeSet<String>();
        JsonFile.read(index).path("weight_map").forEach(v -> names.add(v.asText()));
        if (names.isEmpty()) throw new HoneException(index + ": no weight_map, expected tensor name -> shard file");
        return List.copyOf(names);
    }

    URI fileUri(HubRepoId id, String commit, String name) {
        var parts = new ArrayList<String>();
        for (String p : name.split("/")) parts.add(encode(p));
        return URI.create(settings.endpoint() + "/" + id.repo() + "/resolve/" + commit + "/" + String.join("/", parts));
    }

    /** One request, following redirects itself so the token goes to the Hub only, never to a CDN host. */
    HttpResponse<InputStream> send(URI uri, String method, String range) {
        if (!httpUrl(uri)) throw new HoneException(uri + ": only http and https URLs can be fetched (HF_ENDPOINT sets the Hub's URL)");
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            var b = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody())
                    .header("User-Agent", USER_AGENT).timeout(Duration.ofSeconds(60));
            if (sameOrigin(uri, settings.endpoint())) settings.token().ifPresent(t -> b.header("Authorization", "Bearer " + t));
            if (range != null) b.header("Range", range);
            HttpResponse<InputStream> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new Unreachable("cannot reach " + uri.getScheme() + "://" + uri.getAuthority() + " ("
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HoneException("interrupted while contacting " + uri.getAuthority());
            }
            int s = r.statusCode();
            if (s != 301 && s != 302 && s != 303 && s != 307 && s != 308) return r;
            closeQuietly(r);
            Optional<String> location = r.headers().firstValue("Location");
            if (location.isEmpty()) throw new HoneException(uri + ": HTTP " + s + " redirect without a Location header");
            uri = redirect(uri, location.get());
        }
        throw new HoneException(uri + ": more than " + MAX_REDIRECTS + " redirects");
    }

    /** Where a redirect leads; only to http(s) URLs, so a mirror cannot point the download at a local file. */
    private static URI redirect(URI from, String location) {
        URI to;
        try {
            to = from.resolve(location);
        } catch (IllegalArgumentException e) {
            throw new HoneException(from + ": redirect to a malformed URL " + printable(location));
        }
        if (!httpUrl(to)) {
            throw new HoneException(from + ": redirect to " + printable(location) + " refused (only http and https URLs are followed)");
        }
        return to;
    }

    private static boolean httpUrl(URI u) {
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null;
    }

    /** A repository file name the cache can hold as a path: no control characters (NUL), no characters the OS refuses. */
    private static boolean storable(String name) {
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) return false;
        try {
            Path.of(name);
            return true;
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** The text with control characters written as Java escapes (NUL: backslash, u0000), so an error stays one readable line. */
    static String printable(String s) {
        var b = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) b.append(String.format("\\u%04x", c));
            else b.appendCodePoint(c);
        });
        return b.toString();
    }

    HoneException statusError(HubRepoId id, HttpResponse<?> r, URI uri) {
        closeQuietly(r);
        String code = r.headers().firstValue("X-Error-Code").orElse("");
        String hint = settings.token().isPresent() ? " (HF_TOKEN was sent: check that it may read this repository)"
                : " (set HF_TOKEN, or log in with the Hugging Face CLI, if it is private)";
        int status = r.statusCode();
        // the Hub names the problem in X-Error-Code; gated repositories answer 401 or 403 depending on the token
        String what = switch (code) {
            case "GatedRepo" -> "access is gated (" + status + "): accept the conditions on " + settings.endpoint() + "/"
                    + id.repo() + " with your account, then set HF_TOKEN to a token of that account";
            case "RepoNotFound" -> "no such model repository on " + settings.endpoint() + ", or it is private (" + status + ")" + hint;
            case "RevisionNotFound" -> "revision " + id.revision() + " not found in the repository";
            case "EntryNotFound" -> "file not found: " + uri;
            default -> switch (status) {
                case 401 -> "the Hub answered 401: no such repository, or it is private" + hint;
                case 403 -> "access denied (403)" + hint;
                case 404 -> "no such model repository on " + settings.endpoint() + " (404)" + hint;
                default -> "the Hub answered HTTP " + status + " for " + uri;
            };
        };
        return new HoneException(id + ": " + what);
    }

    void note(String line) {
        if (log != null) {
            log.println("hub: " + line);
            log.flush();
        }
    }

    static void closeQuietly(HttpResponse<?> r) {
        if (r.body() instanceof InputStream in) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the connection is dropped either way
            }
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getAuthority().toLowerCase(Locale.ROOT)
                .equals(b.getAuthority().toLowerCase(Locale.ROOT));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The Hub could not be reached at all (as opposed to answering with an error): the cache may stand in. */
    static final class Unreachable extends HoneException {
        Unreachable(String message) {
            super(message);
        }
    }

    record RepoRevision(String commit, List<HubFile> files) {}
}
