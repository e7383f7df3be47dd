package io.hone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hone.eval.ArithmeticTask;
import io.hone.eval.RuleBasedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class EvalCommandTest {
    static final Path TINY = Cli.FIXTURES.resolve("tiny-llama");

    @TempDir
    Path dir;

    private Path arithmetic(int n) throws Exception {
        Path f = dir.resolve("arith.jsonl");
        Files.writeString(f, ArithmeticTask.jsonl(ArithmeticTask.make(n, 11)));
        return f;
    }

    @Test
    void optimizePromptThenEvalReusesTheWinner() throws Exception {
        Path task = arithmetic(40), prompt = dir.resolve("prompt.json");
        try (var server = RuleBasedServer.start()) {
            Cli zero = Cli.run("eval", "--task", task.toString(), "--model", "rule", "--endpoint", server.url(), "--quiet");
            assertThat(zero.code()).as(zero.err()).isZero();
            assertThat(zero.out()).contains("task arith: 40 examples").contains("em 0.0000 (95% CI 0.0000–0.0000, n=40)");

            Cli opt = Cli.run("optimize-prompt", "--task", task.toString(), "--model", "rule", "--endpoint", server.url(),
                    "--optimizer", "labeled", "--k", "4", "--budget", "100", "--out", prompt.toString());
            assertThat(opt.code()).as(opt.err()).isZero();
            assertThat(opt.out()).contains("task arith: 20 train, 8 dev, 12 test; optimizer labeled, budget 100 model calls, seed 0")
                    .contains("search trace (candidate, dev score):").contains("baseline").contains("labeled k=4")
                    .contains("winner: labeled k=4").contains("test, baseline:  em 0.0000").contains("test, optimized: em ")
                    .contains("improvement:     Δem ");
            JsonNode p = new ObjectMapper().readTree(prompt.toFile());
            assertThat(p.get("demos")).hasSize(4);
            assertThat(p.get("meta").get("optimizer").asText()).isEqualTo("labeled");

            Path out = dir.resolve("results.jsonl");
            Cli again = Cli.run("eval", "--task", task.toString(), "--model", "rule", "--endpoint", server.url(), "--prompt", prompt.toString(),
                    "--out", out.toString());
            assertThat(again.code()).as(again.err()).isZero();
            assertThat(again.out()).contains("prompt: 4 demos, no instruction").doesNotContain("em 0.0000");
            assertThat(again.err()).contains("40/40");
            assertThat(Files.readAllLines(out)).hasSize(40);
        }
    }

    /**
     * On hone-eval's bundled in-context-format model (a real model: see hone-eval/README.md), the winner's held-out
     * score printed by optimize-prompt is what {@code hone eval --prompt --split test} measures on its own.
     */
    @Test
    void evalOnTheTestSplitReproducesOptimizePromptsHeldOutScore() {
        Path res = Path.of("../hone-eval/src/test/resources"), prompt = dir.resolve("p.json");
        String task = res.resolve("icl/task.jsonl").toString(), model = res.resolve("icl-model").toString();
        Cli opt = Cli.run("optimize-prompt", "--task", task, "--model", model, "--out", prompt.toString());
        assertThat(opt.code()).as(opt.err()).isZero();
        String best = opt.out().lines().filter(l -> l.startsWith("test, optimized: ")).findFirst().orElseThrow()
                .substring("test, optimized: ".length());
        Cli ev = Cli.run("eval", "--task", task, "--model", model, "--prompt", prompt.toString(), "--split", "test", "--quiet");
        assertThat(ev.code()).as(ev.err()).isZero();
        assertThat(ev.out()).contains("task task: 72 examples").contains(best);
        Cli bad = Cli.run("eval", "--task", task, "--model", model, "--split", "validation");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--split must be all, train, dev or test");
    }

    @Test
    void instructionSearchWithBudgetReport() throws Exception {
        Path task = arithmetic(30), ins = dir.resolve("ins.txt"), prompt = dir.resolve("p.json");
        Files.writeString(ins, "Be concise.\n\nAnswer with a number.\n");
        try (var server = RuleBasedServer.start()) {
            Cli opt = Cli.run("optimize-prompt", "--task", task.toString(), "--model", "rule", "--endpoint", server.url(), "--chat",
                    "--optimizer", "instruction", "--instructions", ins.toString(), "--rounds", "0", "--budget", "10", "--out", prompt.toString());
            assertThat(opt.code()).as(opt.err()).isZero();
            // dev has 6 examples: the baseline takes 6 calls, "Be concise." runs out at the 11th
            assertThat(opt.out()).contains("10 model calls used for the search (budget exhausted: search stopped early)")
                    .contains("winner: baseline");
        }
    }

    @Test
    void pairedWithAnEarlierRunPrintsThePairedDifference() throws Exception {
        Path gen = arithmetic(4), first = dir.resolve("first.jsonl"), second = dir.resolve("second.jsonl");
        Cli a = Cli.run("eval", "--task", gen.toString(), "--model", TINY.toString(), "--limit", "3", "--max-new-tokens", "4",
                "--out", first.toString(), "--quiet");
        assertThat(a.code()).as(a.err()).isZero();
        // the earlier run's scores, rewritten: the second example scored 1 there, so this run (same outputs) is 1/3 lower
        var json = new ObjectMapper();
        var lines = new java.util.ArrayList<String>();
        double sum = 0;
        for (String l : Files.readAllLines(first)) {
            var o = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(l);
            sum += o.get("score").asDouble();
            if (lines.size() == 1) o.put("score", o.get("score").asDouble() + 1);
            lines.add(o.toString());
        }
        Files.write(first, lines);
        Cli b = Cli.run("eval", "--task", gen.toString(), "--model", TINY.toString(), "--limit", "3", "--max-new-tokens", "4",
                "--out", second.toString(), "--paired-with", first.toString(), "--quiet");
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(b.out()).contains("em difference vs first.jsonl -0.3333 (95% CI -1.0000–0.0000, n=3)");
        assertThat(sum).isZero(); // the tiny random model gets none right, so the rewritten score is exactly 1

        Files.write(first, lines.subList(0, 2));
        Cli short_ = Cli.run("eval", "--task", gen.toString(), "--model", TINY.toString(), "--limit", "3", "--max-new-tokens", "4",
                "--paired-with", first.toString(), "--quiet");
        assertThat(short_.code()).isEqualTo(2);
        assertThat(short_.err()).contains(first + ": has no result for example id '" + json.readTree(Files.readAllLines(second).get(2)).get("id").asText() + "'");
    }

    @Test
    void localModelEvalWithAdapterMultipleChoiceAndPerplexity() throws Exception {
        Path gen = arithmetic(4), out = dir.resolve("r.jsonl");
        Cli em = Cli.run("eval", "--task", gen.toString(), "--model", TINY.toString(), "--limit", "2", "--max-new-tokens", "4",
                "--out", out.toString(), "--quiet");
        assertThat(em.code()).as(em.err()).isZero();
        assertThat(em.out()).contains("n=2)");
        assertThat(Files.readAllLines(out)).hasSize(2);

        Cli adapted = Cli.run("eval", "--task", gen.toString(), "--model", TINY.toString(), "--limit", "1", "--max-new-tokens", "4",
                "--adapter", TINY.resolve("lora-all-linear/adapter_trained").toString(), "--quiet");
        assertThat(adapted.code()).as(adapted.err()).isZero();
        assertThat(adapted.out()).contains("+").contains("adapter_trained");
        // the same adapter over the base quantized on load (how a QLoRA adapter is evaluated)
        Cli quant = Cli.run("eval", "--task", gen.toString(), "--model", TINY.toString(), "--limit", "1", "--max-new-tokens", "4",
                "--quant", "nf4", "--adapter", TINY.resolve("lora-all-linear/adapter_trained").toString(), "--quiet");
        assertThat(quant.code()).as(quant.err()).isZero();
        assertThat(quant.out()).contains("@nf4-dq-b64+").contains("adapter_trained");

        Path mc = dir.resolve("mc.jsonl");
        Files.writeString(mc, """
                {"input": "The sky is", "choices": ["blue", "green", "a large animal"], "target": 0}
                {"input": "Two plus two is", "choices": ["four", "five"], "target": "four"}
                """);
        Cli acc = Cli.run("eval", "--task", mc.toString(), "--model", TINY.toString(), "--quiet");
        assertThat(acc.code()).as(acc.err()).isZero();
        assertThat(acc.out()).containsPattern("acc \\d\\.\\d{4} \\(95% CI").contains("acc_norm ");

        Path docs = dir.resolve("docs.jsonl");
        Files.writeString(docs, "{\"input\": \"To be, or not to be.\"}\n{\"input\": \"All the world's a stage.\"}\n");
        Cli ppl = Cli.run("eval", "--task", docs.toString(), "--model", TINY.toString(), "--metric", "ppl", "--quiet");
        assertThat(ppl.code()).as(ppl.err()).isZero();
        assertThat(ppl.out()).contains("ppl ");
    }

    @Test
    void badInputIsOneLineWithExitCode2() throws Exception {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"input\": \"x\", \"target\": \"y\"}\n{\"input\": \"x\"\n");
        Cli r = Cli.run("eval", "--task", bad.toString(), "--model", TINY.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("hone: " + bad + ":2: invalid JSON");

        Path noTarget = dir.resolve("no-target.jsonl");
        Files.writeString(noTarget, "{\"input\": \"x\", \"target\": \"y\"}\n{\"input\": \"z\", \"target\": null}\n");
        Cli missing = Cli.run("eval", "--task", noTarget.toString(), "--model", TINY.toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("hone: " + noTarget + ":2: null \"target\" (every metric but ppl compares the output with it)");

        Path task = arithmetic(4);
        Cli rag = Cli.run("eval", "--task", task.toString(), "--model", TINY.toString(), "--rag", dir.resolve("no-index").toString());
        assertThat(rag.code()).isEqualTo(2);
        assertThat(rag.err()).startsWith("hone: ").doesNotContain("\tat ");

        Cli metric = Cli.run("eval", "--task", task.toString(), "--model", TINY.toString(), "--metric", "bleu");
        assertThat(metric.err()).contains("hone: unknown metric 'bleu'");
        Cli opt = Cli.run("optimize-prompt", "--task", task.toString(), "--model", TINY.toString(), "--optimizer", "genetic", "--out", "x.json");
        assertThat(opt.code()).isEqualTo(2);
        assertThat(opt.err()).contains("hone: unknown optimizer 'genetic'");
        Cli quant = Cli.run("eval", "--task", task.toString(), "--model", TINY.toString(), "--quant", "int3");
        assertThat(quant.code()).isEqualTo(2);
        assertThat(quant.err().strip()).isEqualTo("hone: --quant must be int8, nf4 or fp4, got 'int3'");
        Cli block = Cli.run("eval", "--task", task.toString(), "--model", TINY.toString(), "--block-size", "128");
        assertThat(block.code()).isEqualTo(2);
        assertThat(block.err().strip()).isEqualTo("hone: --double-quant and --block-size need --quant nf4|fp4");
        Cli endpoint = Cli.run("eval", "--task", task.toString(), "--model", "m", "--endpoint", "http://127.0.0.1:9", "--quant", "nf4");
        assertThat(endpoint.code()).isEqualTo(2);
        assertThat(endpoint.err()).startsWith("hone: --quant and --dtype apply to a local --model folder");
        Cli generate = Cli.run("generate", "--model", TINY.toString(), "--prompt", "hi", "--quant", "nf4", "--block-size", "100");
        assertThat(generate.code()).isEqualTo(2);
        assertThat(generate.err().strip()).isEqualTo("hone: --block-size must be a power of two in 64..4096, got 100");
        Cli dtype = Cli.run("eval", "--task", task.toString(), "--model", TINY.toString(), "--dtype", "f16");
        assertThat(dtype.code()).isEqualTo(2);
        assertThat(dtype.err().strip()).isEqualTo("hone: --dtype must be f32 or bf16, got 'f16'");
        Cli both = Cli.run("generate", "--model", TINY.toString(), "--prompt", "hi", "--quant", "int8", "--dtype", "bf16");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err().strip()).isEqualTo("hone: --dtype bf16 and --quant int8 exclude each other: choose one weight format");
        Cli int8Block = Cli.run("generate", "--model", TINY.toString(), "--prompt", "hi", "--quant", "int8", "--block-size", "64");
        assertThat(int8Block.code()).isEqualTo(2);
        assertThat(int8Block.err().strip()).isEqualTo("hone: --double-quant and --block-size apply to --quant nf4|fp4, not int8");
        Cli formats = Cli.run("bench", "inference", "--model", TINY.toString(), "--formats", "f32,int4");
        assertThat(formats.code()).isEqualTo(2);
        assertThat(formats.err().strip()).isEqualTo("hone: --formats takes f32, bf16, int8 or nf4, got 'int4'");
        Cli formatsAndQuant = Cli.run("bench", "inference", "--model", TINY.toString(), "--formats", "f32", "--quant", "int8");
        assertThat(formatsAndQuant.code()).isEqualTo(2);
        assertThat(formatsAndQuant.err().strip()).isEqualTo("hone: --formats replaces --dtype/--quant: give one or the other");
        Cli split = Cli.run("optimize-prompt", "--task", arithmetic(2).toString(), "--model", TINY.toString(), "--out", "x.json");
        assertThat(split.code()).isEqualTo(2);
        assertThat(split.err()).contains("too few for a train/dev/test split");
    }
}
