package io.hone.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 whose "model" is a deterministic rule, so prompt optimizers
 * have something to find. For arithmetic questions "a plus b" / "a times b" it answers with the bare number only
 * when the prompt shows it how: an instruction containing "answer with a number", or an earlier demo of the same
 * operation followed by its correct result. Otherwise it rambles (wrong for exact match). The OPRO meta-prompt
 * ("Generate an instruction") gets proposals from a fixed list, one further down per instruction already scored.
 * {@code /v1/completions} with {@code echo} returns word-level log-probs: -0.5 for a word already seen, else -3.
 */
public final class RuleBasedServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern QUESTION = Pattern.compile("(\\d+) (plus|times) (\\d+)");
    public static final List<String> PROPOSALS = List.of("Be helpful and think about it.", "Answer with a number.", "Answer with a number, carefully.");
    public static final String RAMBLE = "Let me think about that for a while, it is not easy.";

    private final HttpServer server;
    private final int failWith;
    public final AtomicInteger requests = new AtomicInteger();
    public volatile String lastAuthorization;
    public final List<JsonNode> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();

    private RuleBasedServer(int failWith) throws IOException {
        this.failWith = failWith;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", ex -> handle(ex, true));
        server.createContext("/v1/completions", ex -> handle(ex, false));
        server.start();
    }

    public static RuleBasedServer start() throws IOException {
        return new RuleBasedServer(0);
    }

    /** Answers every request with this HTTP status and an error body. */
    public static RuleBasedServer failing(int status) throws IOException {
        return new RuleBasedServer(status);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex, boolean chat) throws IOException {
        requests.incrementAndGet();
        lastAuthorization = ex.getRequestHeaders().getFirst("Authorization");
        try (ex) {
            if (failWith != 0) {
                send(ex, failWith, "{\"error\":{\"message\":\"stub failure\"}}");
                return;
            }
            JsonNode req = JSON.readTree(ex.getRequestBody());
            bodies.add(req);
            ObjectNode resp = JSON.createObjectNode().put("id", "stub").put("model", req.path("model").asText());
            ObjectNode choice = resp.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
            if (chat) {
                StringBuilder sb = new StringBuilder();
                for (JsonNode m : req.path("messages")) sb.append(m.path("role").asText()).append(": ").append(m.path("content").asText()).append('\n');
                choice.putObject("message").put("role", "assistant").put("content", cut(reply(sb.toString()), req));
            } else if (req.path("echo").asBoolean()) {
                choice.put("text", req.path("prompt").asText());
                choice.set("logprobs", logprobs(req.path("prompt").asText()));
            } else {
                choice.put("text", cut(" " + reply(req.path("prompt").asText()), req));
            }
            send(ex, 200, resp.toString());
        }
    }

    /** The rule. */
    public static String reply(String prompt) {
        if (prompt.contains("Generate an instruction")) {
            int seen = prompt.split("\ntext:", -1).length - 1;
            return "<INS>" + PROPOSALS.get(Math.min(Math.max(seen - 1, 0), PROPOSALS.size() - 1)) + "</INS>";
        }
        List<MatchResult> qs = new ArrayList<>();
        Matcher m = QUESTION.matcher(prompt);
        while (m.find()) qs.add(new MatchResult(m.start(), m.end(), Long.parseLong(m.group(1)), m.group(2), Long.parseLong(m.group(3))));
        if (qs.isEmpty()) return "I do not know.";
        MatchResult last = qs.getLast();
        String answer = String.valueOf(last.value());
        if (prompt.toLowerCase(Locale.ROOT).contains("answer with a number")) return answer;
        for (int i = 0; i < qs.size() - 1; i++) {
            MatchResult q = qs.get(i);
            String segment = prompt.substring(q.end(), qs.get(i + 1).start());
            if (q.op().equals(last.op()) && Pattern.compile("(?<![0-9])" + q.value() + "(?![0-9])").matcher(segment).find()) return answer;
        }
        return RAMBLE;
    }

    private record MatchResult(int start, int end, long a, String op, long b) {
        long value() {
            return op.equals("plus") ? a + b : a * b;
        }
    }

    private static String cut(String text, JsonNode req) {
        String out = text;
        for (JsonNode s : req.path("stop")) {
            int i = out.indexOf(s.asText());
            if (i >= 0) out = out.substring(0, i);
        }
        return out;
    }

    private static ObjectNode logprobs(String prompt) {
        ObjectNode lp = JSON.createObjectNode();
        ArrayNode tokens = lp.putArray("tokens"), lps = lp.putArray("token_logprobs"), offsets = lp.putArray("text_offset"), top = lp.putArray("top_logprobs");
        Matcher m = Pattern.compile("\\s*\\S+").matcher(prompt);
        boolean first = true;
        while (m.find()) {
            String tok = m.group();
            tokens.add(tok);
            offsets.add(m.start());
            if (first) {
                lps.addNull();
                top.addNull();
                first = false;
                continue;
            }
            boolean seen = prompt.substring(0, m.start()).contains(tok.strip());
            double v = seen ? -0.5 : -3.0;
            lps.add(v);
            ObjectNode alts = top.addObject().put(tok, v);
            if (!seen) alts.put(" the", -0.5);
        }
        return lp;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }
}
