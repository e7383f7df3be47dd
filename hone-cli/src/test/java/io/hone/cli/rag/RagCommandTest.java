package io.hone.cli.rag;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.hone.cli.Cli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The rag commands end to end: real files, a real index, a real HTTP server on 127.0.0.1. */
class RagCommandTest {
    static final Path TINY_LLAMA = Cli.FIXTURES.resolve("tiny-llama");

    @TempDir
    Path tmp;
    HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    Path index() throws Exception {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("zebrafish.txt"), "The zebrafish heart regenerates after injury because cardiomyocytes divide again.");
        Files.writeString(docs.resolve("owls.md"), "# Owls\n\nBarn owls hunt by sound in complete darkness.");
        Path index = tmp.resolve("index");
        Cli r = Cli.run("rag", "index", "--docs", docs.toString(), "--index", index.toString(), "--bm25-only");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 files: 2 indexed, 0 unchanged, 0 skipped, 0 removed; 2 documents, 2 chunks");
        return index;
    }

    @Test
    void evalRagReportsContextRecallAndFaithfulness() throws Exception {
        Path index = index();
        Path task = tmp.resolve("task.jsonl");
        Files.writeString(task, """
                {"input": "How do barn owls hunt?", "target": "by sound"}
                {"input": "What regenerates after injury in zebrafish?", "target": "the heart"}
                {"input": "What do owls eat?", "target": "mice"}
                """);
        Cli r = Cli.run("eval", "--task", task.toString(), "--model", TINY_LLAMA.toString(), "--rag", index.toString(), "--rag-k", "1",
                "--max-new-tokens", "4", "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        // the tiny random model answers nothing right: two of its misses are reading misses (the gold answer was retrieved)
        assertThat(r.out()).contains("rag: context recall@1 0.667 (a gold answer's tokens, >= 80% of them, in the retrieved chunks")
                .contains("3 wrong: 1 retrieval misses, 2 reading misses");
    }

    @Test
    void indexThenQuery() throws Exception {
        Path index = index();
        Cli q = Cli.run("rag", "query", "--index", index.toString(), "-k", "1", "how do owls hunt?");
        assertThat(q.code()).as(q.err()).isZero();
        assertThat(q.out()).contains(" 1. ").contains("Owls  (owls.md)").contains("Barn owls hunt by sound").doesNotContain("zebrafish");
    }

    @Test
    void askThroughAnOpenAiCompatibleEndpoint() throws Exception {
        Path index = index();
        AtomicReference<String> request = new AtomicReference<>();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", ex -> {
            request.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Cardiomyocytes divide again [1].\"}}]}"
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        Cli r = Cli.run("rag", "ask", "--index", index.toString(), "--endpoint", url, "--model", "m1", "why does the zebrafish heart regenerate?");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Cardiomyocytes divide again [1].").contains("Sources:\n[1] zebrafish (zebrafish.txt)");
        var json = new ObjectMapper().readTree(request.get());
        assertThat(json.path("model").asText()).isEqualTo("m1");
        assertThat(json.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(json.path("messages").get(1).path("content").asText())
                .startsWith("Sources:\n[1] zebrafish (zebrafish.txt)\nThe zebrafish heart regenerates")
                .endsWith("Question: why does the zebrafish heart regenerate?");
    }

    @Test
    void endpointErrorIsOneLineAndExitCode2() throws Exception {
        Path index = index();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] body = "model overloaded".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(503, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        Cli r = Cli.run("rag", "ask", "--index", index.toString(), "--endpoint", url, "owls?");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("hone: " + url + "/chat/completions: HTTP 503: model overloaded");
    }

    @Test
    void askWithTheLocalModel() throws Exception {
        Path index = index();
        Cli r = Cli.run("rag", "ask", "--index", index.toString(), "--model", TINY_LLAMA.toString(), "-n", "8", "owls?");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("(none cited)").contains("[1] Owls (owls.md)");
    }

    @Test
    void evalPrintsJsonPerRetriever() throws Exception {
        Path beir = Files.createDirectories(tmp.resolve("beir").resolve("qrels")).getParent();
        Files.writeString(beir.resolve("corpus.jsonl"), """
                {"_id": "d1", "title": "Owls", "text": "Barn owls hunt by sound."}
                {"_id": "d2", "title": "Zebrafish", "text": "The zebrafish heart regenerates."}
                {"_id": "d3", "title": "Penguins", "text": "Emperor penguins breed in winter."}
                """);
        Files.writeString(beir.resolve("queries.jsonl"), """
                {"_id": "q1", "text": "owls hunting"}
                {"_id": "q2", "text": "penguin breeding"}
                """);
        Files.writeString(beir.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td3\t2\n");
        Cli r = Cli.run("rag", "eval", "--dataset", beir.toString(), "--index", tmp.resolve("ix").toString(), "--retriever", "bm25", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("{\"bm25\": {\"ndcg@10\": 1.0000, \"recall@100\": 1.0000, \"mrr@10\": 1.0000}}");
        Cli table = Cli.run("rag", "eval", "--dataset", beir.toString(), "--index", tmp.resolve("ix").toString());
        assertThat(table.out()).contains("retriever   nDCG@10 recall@100   MRR@10").contains("bm25         1.0000     1.0000   1.0000");
    }

    @Test
    void errorsAreOneLineWithExitCode2() throws Exception {
        Cli missing = Cli.run("rag", "query", "--index", tmp.resolve("none").toString(), "q");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("hone: " + tmp.resolve("none") + ": index directory not found (build one with `hone rag index`)");
        Path index = index();
        Cli dense = Cli.run("rag", "query", "--index", index.toString(), "--retriever", "dense", "q");
        assertThat(dense.code()).isEqualTo(2);
        assertThat(dense.err().strip()).isEqualTo("hone: " + index + ": index has no embeddings (built with --bm25-only): use --retriever bm25");
        for (String command : new String[]{"query", "ask"}) {
            Cli layout = command.equals("query") ? Cli.run("rag", command, "--index", index.toString(), "--shards", "2", "q")
                    : Cli.run("rag", command, "--index", index.toString(), "--endpoint", "http://127.0.0.1:1", "--replicas", "2", "q");
            assertThat(layout.code()).isEqualTo(2);
            assertThat(layout.err().strip()).isEqualTo("hone: --shards and --replicas apply where a collection is created (hone rag index, "
                    + "hone rag eval), not to hone rag " + command);
        }
        Cli noModel = Cli.run("rag", "ask", "--index", index.toString(), "q");
        assertThat(noModel.err().strip()).isEqualTo("hone: rag ask: give --model DIR or --endpoint URL");
        Cli emptyDocs = Cli.run("rag", "index", "--docs", Files.createDirectories(tmp.resolve("empty")).toString(), "--index", tmp.resolve("i2").toString());
        assertThat(emptyDocs.code()).isEqualTo(2);
        assertThat(emptyDocs.err()).contains("no .txt, .md, .html, .pdf, .jsonl files found");
    }

    @Test
    void linksOutsideDocsAreSkippedAndCountedUnlessFollowed() throws Exception {
        Path docs = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(docs.resolve("owls.md"), "# Owls\n\nBarn owls hunt by sound in complete darkness.");
        Path outside = Files.createDirectories(tmp.resolve("etc"));
        Files.writeString(outside.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\nshadowuser:x:1000:1000::/home/shadowuser:/bin/sh\n");
        Files.createSymbolicLink(docs.resolve("passwd.txt"), outside.resolve("passwd"));
        Files.createSymbolicLink(docs.resolve("owls-again.md"), docs.resolve("owls.md"));

        Path index = tmp.resolve("index");
        Cli r = Cli.run("rag", "index", "--docs", docs.toString(), "--index", index.toString(), "--bm25-only");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 files: 1 indexed").endsWith("; skipped 1 symlink pointing outside --docs (--follow-symlinks to index them)\n");
        Cli q = Cli.run("rag", "query", "--index", index.toString(), "-k", "5", "shadowuser root bash");
        assertThat(q.code()).as(q.err()).isZero();
        assertThat(q.out()).doesNotContain("passwd").doesNotContain("shadowuser");

        Path followed = tmp.resolve("followed");
        Cli f = Cli.run("rag", "index", "--docs", docs.toString(), "--index", followed.toString(), "--bm25-only", "--follow-symlinks");
        assertThat(f.code()).as(f.err()).isZero();
        assertThat(f.out()).contains("2 files: 2 indexed").doesNotContain("symlink");
        Cli fq = Cli.run("rag", "query", "--index", followed.toString(), "-k", "1", "shadowuser root bash");
        assertThat(fq.out()).contains("passwd.txt").contains("shadowuser");
    }
}
