package io.hone.server;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible HTTP server over {@link ServedModels}, on the JDK's own {@link HttpServer}. A small pool of
 * threads takes connections; the model itself computes one request at a time (see {@link ServedModels}).
 */
public final class HoneServer implements AutoCloseable {
    /**
     * {@code port} 0 picks a free port; {@code apiKey} null serves without one; {@code maxBodyBytes} caps a request
     * body (413 beyond); {@code threads} connections are handled at once (the rest wait to be accepted).
     */
    public record Options(String host, int port, String apiKey, int maxBodyBytes, int threads) {
        public static final int DEFAULT_MAX_BODY_BYTES = 4 << 20;
        public static final int DEFAULT_THREADS = 8;

        public Options {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in 0..65535, got " + port);
            if (maxBodyBytes < 1 || threads < 1) throw new IllegalArgumentException("maxBodyBytes and threads must be >= 1");
            if (apiKey != null && apiKey.isBlank()) apiKey = null;
        }

        public static Options local(int port, String apiKey) {
            return new Options("127.0.0.1", port, apiKey, DEFAULT_MAX_BODY_BYTES, DEFAULT_THREADS);
        }
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final String host;
    private boolean closed;

    private HoneServer(HttpServer server, ExecutorService pool, String host) {
        this.server = server;
        this.pool = pool;
        this.host = host;
    }

    public static HoneServer start(ServedModels models, Options o) throws IOException {
        var address = new InetSocketAddress(o.host(), o.port());
        if (address.isUnresolved()) throw new UnknownHostException("unknown host " + o.host());
        HttpServer server = HttpServer.create(address, 0);
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "hone-serve-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService pool = Executors.newFixedThreadPool(o.threads(), threads);
        server.setExecutor(pool);
        server.createContext("/", new Routes(models, o.apiKey(), o.maxBodyBytes()));
        server.start();
        return new HoneServer(server, pool, o.host());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://host:port}, the base URL clients append {@code /v1/...} to. */
    public String url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port();
    }

    /** Stops accepting connections, gives running requests up to {@code graceSeconds} to finish, then stops them. */
    public synchronized void stop(int graceSeconds) {
        if (closed) return;
        closed = true;
        server.stop(graceSeconds);
        pool.shutdownNow();
    }

    @Override
    public void close() {
        stop(0);
    }
}
