package io.hone.server;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible HTTP server over {@link ServedModels}, on the JDK's own {@link HttpServer}. Each request is
 * handled on its own virtual thread, so a client that sends half a request and waits holds only its own connection,
 * never a thread others need; the JDK server closes a connection whose request (headers and body) has not arrived
 * within {@link #requestTimeoutSeconds()}. The model computes on one thread, batching the requests (see {@link Scheduler}).
 */
public final class HoneServer implements AutoCloseable {
    /** The JDK server's request timeout (request line, headers and body), in seconds; {@code -D} on the command line wins. */
    static final String REQUEST_TIMEOUT_PROPERTY = "sun.net.httpserver.maxReqTime";
    static final int DEFAULT_REQUEST_TIMEOUT_SECONDS = 10;

    static {
        // the JDK server reads it once, when its classes initialise: before the first HttpServer.create
        System.getProperties().putIfAbsent(REQUEST_TIMEOUT_PROPERTY, String.valueOf(DEFAULT_REQUEST_TIMEOUT_SECONDS));
    }

    /**
     * {@code port} 0 picks a free port; {@code apiKey} null serves without one (a blank one is refused);
     * {@code maxBodyBytes} caps a request body (413 beyond).
     */
    public record Options(String host, int port, String apiKey, int maxBodyBytes) {
        public static final int DEFAULT_MAX_BODY_BYTES = 4 << 20;

        public Options {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in 0..65535, got " + port);
            if (maxBodyBytes < 1) throw new IllegalArgumentException("maxBodyBytes must be >= 1");
            if (apiKey != null && apiKey.isBlank()) throw new IllegalArgumentException("apiKey must not be blank (null serves without one)");
        }

        public static Options local(int port, String apiKey) {
            return new Options("127.0.0.1", port, apiKey, DEFAULT_MAX_BODY_BYTES);
        }
    }

    private final HttpServer server;
    private final ExecutorService requests;
    private final String host;
    private boolean closed;

    private HoneServer(HttpServer server, ExecutorService requests, String host) {
        this.server = server;
        this.requests = requests;
        this.host = host;
    }

    public static HoneServer start(ServedModels models, Options o) throws IOException {
        var address = new InetSocketAddress(o.host(), o.port());
        if (address.isUnresolved()) throw new UnknownHostException("unknown host " + o.host());
        HttpServer server = HttpServer.create(address, 0);
        // one virtual thread per request: a thread blocked reading a slow client costs only that client
        ExecutorService requests = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("hone-serve-", 1).factory());
        server.setExecutor(requests);
        server.createContext("/", new Routes(models, o.apiKey(), o.maxBodyBytes()));
        server.start();
        return new HoneServer(server, requests, o.host());
    }

    /** How long a client has to send a whole request (headers and body) before its connection is closed. */
    public static int requestTimeoutSeconds() {
        return Integer.getInteger(REQUEST_TIMEOUT_PROPERTY, DEFAULT_REQUEST_TIMEOUT_SECONDS);
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
        requests.shutdownNow();
    }

    @Override
    public void close() {
        stop(0);
    }
}
