package io.hone.core.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hone.core.HoneException;
import io.hone.core.io.JsonFile;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The transport every hone client of an OpenAI-compatible server shares (vLLM, llama.cpp server, TGI, OpenAI,
 * {@code hone serve}): JSON POSTs under one base URL, the API key as a bearer token, 429 and 5xx retried
 * {@value #RETRIES} times with backoff, and every failure one {@link HoneException} line naming the URL.
 */
public final class OpenAiHttp {
    public static final int RETRIES = 3;
    private static final int SHOWN_BODY_CHARS = 300;

    private final String base;
    private final String apiKey;
    private final Duration timeout;
    private final long backoffMillis;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** {@code endpoint}: the server root, its {@code /v1}, or a full {@code /v1/...completions} URL. */
    public OpenAiHttp(String endpoint, String apiKey, Duration timeout) {
        this(endpoint, apiKey, timeout, 500);
    }

    OpenAiHttp(String endpoint, String apiKey, Duration timeout, long backoffMillis) {
        this.base = base(endpoint);
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        this.timeout = timeout;
        this.backoffMillis = backoffMillis;
    }

    /** The server root of {@code endpoint} (no trailing slash, no {@code /v1} and no endpoint path). */
    public static String base(String endpoint) {
        String b = endpoint.strip();
        while (b.endsWith("/")) b = b.substring(0, b.length() - 1);
        for (String suffix : new String[]{"/chat/completions", "/completions"}) {
            if (b.endsWith("/v1" + suffix)) b = b.substring(0, b.length() - suffix.length());
        }
        if (b.endsWith("/v1")) b = b.substring(0, b.length() - 3);
        URI u;
        try {
            u = URI.create(b);
        } catch (IllegalArgumentException e) {
            u = null;
        }
        if (u == null || u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
            throw new HoneException("endpoint '" + endpoint + "': expected an http:// or https:// URL");
        }
        return b;
    }

    public String base() {
        return base;
    }

    /** POSTs {@code body} to {@code base + path} (e.g. {@code /v1/chat/completions}) and returns the JSON answer. */
    public JsonNode post(String path, ObjectNode body) {
        String url = base + path;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (apiKey != null) b.header("Authorization", "Bearer " + apiKey);
        HttpRequest req = b.build();
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> r;
            try {
                r = http.send(req, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new HoneException(url + ": cannot reach the endpoint: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HoneException(url + ": interrupted", e);
            }
            int code = r.statusCode();
            if ((code == 429 || code >= 500) && attempt < RETRIES) {
                sleep(backoffMillis << attempt);
                continue;
            }
            if (code / 100 != 2) {
                String msg = r.body() == null ? "" : r.body().strip().replace('\n', ' ');
                if (msg.length() > SHOWN_BODY_CHARS) msg = msg.substring(0, SHOWN_BODY_CHARS) + "...";
                throw new HoneException(url + ": HTTP " + code + (msg.isEmpty() ? "" : ": " + msg));
            }
            try {
                return JsonFile.MAPPER.readTree(r.body());
            } catch (IOException e) {
                throw new HoneException(url + ": unexpected response: not JSON", e);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
