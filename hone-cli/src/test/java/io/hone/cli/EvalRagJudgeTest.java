package io.hone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.hone.core.generate.SamplingConfig;
import io.hone.core.io.JsonFile;
import io.hone.eval.lm.LocalModel;
import io.hone.eval.metric.FaithfulnessJudge;
import io.hone.server.HoneServer;
import io.hone.server.ServedModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hone eval --rag} with its retrieval metrics per example (token-level context recall, the gold document of a
 * row's {@code "doc"}, faithfulness) and the LLM judge over real HTTP: {@code hone serve}'s server on 127.0.0.1 with a
 * fixture model behind a recording pass-through, and an unreachable endpoint.
 */
class EvalRagJudgeTest {
    static final Path TINY = Cli.FIXTURES.resolve("tiny-llama");

    @TempDir
    Path tmp;

    Path index() throws Exception {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("zebrafish.txt"), "The zebrafish heart regenerates after injury because cardiomyocytes divide again.");
        Files.writeString(docs.resolve("owls.md"), "# Owls\n\nBarn owls hunt by sound in complete darkness. Price: $870.");
        Path index = tmp.resolve("index");
        Cli r = Cli.run("rag", "index", "--docs", docs.toString(), "--index", index.toString(), "--bm25-only");
        assertThat(r.code()).as(r.err()).isZero();
        return index;
    }

    Path task() throws Exception {
        Path task = tmp.resolve("task.jsonl");
        Files.writeString(task, """
                {"id": "owl", "input": "How do barn owls hunt?", "target": "by sound (hunting)", "doc": "owls.md"}
                {"id": "price", "input": "How much are the barn owls?", "target": "$870 (price)"}
                {"id": "fish", "input": "What regenerates after injury in zebrafish?", "target": "the heart", "doc": ["owls.md", "fish.md"]}
                """);
        return task;
    }

    static List<JsonNode> lines(Path f) throws Exception {
        List<JsonNode> l = new ArrayList<>();
        for (String s : Files.readAllLines(f)) l.add(JsonFile.MAPPER.readTree(s));
        return l;
    }

    static String contextOf(String prompt) {
        return prompt.substring("Context: ".length(), prompt.indexOf("\nQuestion: "));
    }

    @Test
    void perExampleRagMetricsAndTheJudgeThroughHoneServe() throws Exception {
        Path index = index(), task = task(), out = tmp.resolve("out.jsonl");
        List<String> requests = Collections.synchronizedList(new ArrayList<>());
        HttpServer proxy = null;
        try (var served = HoneServer.start(ServedModels.load(TINY, "tiny-llama", Map.of(), null), HoneServer.Options.local(0, null));
             var local = LocalModel.open(TINY, null);
             var http = HttpClient.newHttpClient()) {
            // every request on its way to hone serve, recorded
            proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            proxy.createContext("/", ex -> {
                byte[] body = ex.getRequestBody().readAllBytes();
                requests.add(ex.getRequestURI().getPath() + " " + new String(body, java.nio.charset.StandardCharsets.UTF_8));
                try {
                    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(served.url() + ex.getRequestURI().getPath()))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    ex.getResponseHeaders().set("Content-Type", "application/json");
                    ex.sendResponseHeaders(r.statusCode(), r.body().length);
                    ex.getResponseBody().write(r.body());
                } catch (InterruptedException e) {
                    ex.sendResponseHeaders(500, -1);
                }
                ex.close();
            });
            proxy.start();
            String judgeUrl = "http://127.0.0.1:" + proxy.getAddress().getPort();

            Cli r = Cli.run("eval", "--task", task.toString(), "--model", TINY.toString(), "--rag", index.toString(), "--rag-k", "1",
                    "--max-new-tokens", "4", "--quiet", "--out", out.toString(), "--judge-endpoint", judgeUrl, "--judge-model", "tiny-llama");
            assertThat(r.code()).as(r.err()).isZero();

            // one probe, then one chat request per example, each the judge's prompt for that example's context and answer
            List<JsonNode> rows = lines(out);
            assertThat(rows).hasSize(3);
            assertThat(requests).hasSize(4).allMatch(q -> q.startsWith("/v1/chat/completions {"));
            for (int i = 0; i < 3; i++) {
                JsonNode row = rows.get(i), req = JsonFile.MAPPER.readTree(requests.get(i + 1).substring(requests.get(i + 1).indexOf(' ') + 1));
                var item = new FaithfulnessJudge.Item(contextOf(row.get("prompt").asText()), row.get("input").asText(), row.get("extracted").asText());
                String expected = ((io.hone.eval.prompt.Prompt.Chat) FaithfulnessJudge.prompt(item)).messages().getFirst().content();
                assertThat(req.get("model").asText()).isEqualTo("tiny-llama");
                assertThat(req.get("temperature").asDouble()).isZero();
                assertThat(req.get("max_tokens").asInt()).isEqualTo(FaithfulnessJudge.MAX_TOKENS);
                assertThat(req.get("messages").get(0).get("content").asText()).isEqualTo(expected);
                // the recorded reply is what the same model says in process, and the verdict is the parse of it
                String reply = local.generate(FaithfulnessJudge.prompt(item), SamplingConfig.greedy(FaithfulnessJudge.MAX_TOKENS));
                assertThat(row.get("judge_reply").asText()).isEqualTo(reply);
                assertThat(row.get("judge").asText()).isEqualTo(FaithfulnessJudge.parse(reply).label());
            }
            var summary = FaithfulnessJudge.summarize(rows.stream().map(j -> new FaithfulnessJudge.Judged(
                    FaithfulnessJudge.Verdict.valueOf(j.get("judge").asText().toUpperCase(java.util.Locale.ROOT)), j.get("judge_reply").asText())).toList());
            assertThat(r.out()).contains(summary.line(judgeUrl + "#tiny-llama"));
            assertThat(summary.judged() + summary.unparsed()).isEqualTo(3);

            // the retrieval metrics, per example: the formatted "$870 (price)" is found in "Price: $870." (the old whole-string
            // rule missed it); the fish row names documents none of which was retrieved, so its miss is retrieval's
            JsonNode owl = rows.get(0), price = rows.get(1), fish = rows.get(2);
            assertThat(owl.get("retrieved_docs").toString()).isEqualTo("[\"owls.md\"]");
            assertThat(owl.get("doc_hit").asBoolean()).isTrue();
            assertThat(owl.get("context_recall").asDouble()).isEqualTo(2 / 3.0); // "by sound (hunting)": sound, by; not hunting
            assertThat(owl.get("context_hit").asBoolean()).isFalse();
            assertThat(owl.get("miss").asText()).isEqualTo("reading"); // the named document was retrieved
            assertThat(price.get("context_recall").asDouble()).isEqualTo(1.0);
            assertThat(price.get("context_hit").asBoolean()).isTrue();
            assertThat(price.has("doc_hit")).isFalse();
            assertThat(fish.get("retrieved_docs").toString()).isEqualTo("[\"zebrafish.txt\"]");
            assertThat(fish.get("doc_hit").asBoolean()).isFalse();
            assertThat(fish.get("context_hit").asBoolean()).isTrue();
            assertThat(fish.get("miss").asText()).isEqualTo("retrieval");
            for (JsonNode row : rows) assertThat(row.get("faithfulness").isNumber()).isTrue();
            assertThat(r.out()).contains("rag: context recall@1 0.667 (a gold answer's tokens, >= 80% of them, in the retrieved chunks; "
                    + "mean answer-token recall 0.889), gold-document recall@1 0.500 (2 rows name their document)")
                    .contains("3 wrong: 1 retrieval misses, 2 reading misses");
        } finally {
            if (proxy != null) proxy.stop(0);
        }
    }

    @Test
    void badJudgeOptionsAndAnUnreachableJudgeAreOneLineAndWriteNothing() throws Exception {
        Path index = index(), task = task(), out = tmp.resolve("out.jsonl");
        String[] base = {"eval", "--task", task.toString(), "--model", TINY.toString(), "--max-new-tokens", "2", "--quiet", "--out", out.toString()};
        Cli unreachable = Cli.run(Cli.concat(base, "--rag", index.toString(), "--judge-endpoint", "http://127.0.0.1:1", "--judge-model", "judge"));
        assertOneLine(unreachable, "--judge-endpoint: http://127.0.0.1:1/v1/chat/completions: cannot reach the endpoint");
        assertThat(out).doesNotExist();
        assertOneLine(Cli.run(Cli.concat(base, "--rag", index.toString(), "--judge-endpoint", "http://127.0.0.1:1")), "--judge-endpoint and --judge-model go together");
        assertOneLine(Cli.run(Cli.concat(base, "--judge-endpoint", "http://127.0.0.1:1", "--judge-model", "j")), "--judge-endpoint judges answers against retrieved context: it needs --rag");
        assertOneLine(Cli.run(Cli.concat(base, "--rag")), "--rag needs an index folder (or --backend solr with --collection)");
        assertOneLine(Cli.run(Cli.concat(base, "--backend", "solr", "--solr-url", "http://127.0.0.1:1/solr", "--collection", "c")), "--backend solr goes with --rag");
        assertOneLine(Cli.run(Cli.concat(base, "--rag", index.toString(), "--backend", "solr", "--solr-url", "http://127.0.0.1:1/solr", "--collection", "c")),
                "--rag " + index + ": with --backend solr give --rag alone");
        assertOneLine(Cli.run(Cli.concat(base, "--rag", "--backend", "solr", "--solr-url", "http://127.0.0.1:1/solr", "--collection", "c", "--shards", "2")),
                "--shards and --replicas apply where a collection is created");
        assertOneLine(Cli.run(Cli.concat(base, "--rag", "--backend", "solr", "--solr-url", "http://127.0.0.1:1/solr", "--collection", "c")),
                "cannot reach Solr http://127.0.0.1:1/solr");
        assertThat(out).doesNotExist();
    }

    static void assertOneLine(Cli r, String start) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("hone: " + start).doesNotContain("\n");
    }
}
