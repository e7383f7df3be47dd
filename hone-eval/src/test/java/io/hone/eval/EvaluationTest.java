package io.hone.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hone.core.chat.ChatTemplate;
import io.hone.core.model.ModelLoader;
import io.hone.core.model.PretrainedModel;
import io.hone.core.tokenizer.Tokenizer;
import io.hone.eval.lm.LocalModel;
import io.hone.eval.lm.OpenAiEndpoint;
import io.hone.eval.metric.ExactMatch;
import io.hone.eval.metric.MultipleChoice;
import io.hone.eval.metric.Normalization;
import io.hone.eval.metric.Perplexity;
import io.hone.eval.metric.RegexAnswer;
import io.hone.eval.prompt.PromptProgram;
import io.hone.eval.task.Example;
import io.hone.eval.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EvaluationTest {
    static final Path TINY = Path.of(System.getProperty("hone.fixtures", "../shared/fixtures")).resolve("tiny-llama");
    static final PromptProgram ZERO = PromptProgram.zeroShot(PromptProgram.Mode.COMPLETION);

    @TempDir
    Path dir;

    @Test
    void generativeRunWritesPerExampleJsonlAndProgress() throws Exception {
        Task task = ArithmeticTask.make(10, 1);
        try (var server = RuleBasedServer.start()) {
            var lm = new OpenAiEndpoint(server.url(), "stub");
            var err = new ByteArrayOutputStream();
            Path out = dir.resolve("out.jsonl");
            var opts = EvalOptions.defaults().withOut(out).withProgress(new PrintStream(err, true));
            EvalReport zero = Evaluation.run(lm, task.examples(), ZERO, RegexAnswer.flexible(), opts);
            assertThat(zero.score().mean()).isZero();
            assertThat(zero.score().n()).isEqualTo(10);
            // a captured stream is no terminal: plain lines (one per example here, 10 < 20), never a \r
            assertThat(err.toString()).contains("eval exact_match,flexible [########################] 10/10  ").contains("/s  elapsed ")
                    .contains("  ETA 0:00").doesNotContain("\r");
            List<String> lines = Files.readAllLines(out);
            assertThat(lines).hasSize(10);
            JsonNode first = new ObjectMapper().readTree(lines.getFirst());
            assertThat(first.get("id").asText()).isEqualTo("q0");
            assertThat(first.get("prompt").asText()).isEqualTo("Question: " + task.examples().getFirst().input() + "\nAnswer:");
            assertThat(first.get("output").asText()).isEqualTo(RuleBasedServer.RAMBLE);
            assertThat(first.get("extracted").asText()).isEqualTo(RegexAnswer.INVALID);
            assertThat(first.get("target").asText()).isEqualTo(task.examples().getFirst().target());
            assertThat(first.get("score").asDouble()).isZero();

            EvalReport told = Evaluation.run(lm, task.examples(), ZERO.withInstruction("Answer with a number."), new ExactMatch(Normalization.SQUAD), EvalOptions.defaults());
            assertThat(told.score()).isEqualTo(new Score("em", 1, 1, 1, 10));
            Score gain = Evaluation.improvement(zero, told, 0);
            assertThat(gain.mean()).isEqualTo(1);
        }
    }

    @Test
    void multipleChoiceThroughAnEndpoint() throws Exception {
        // stub log-probs: words seen before score -0.5, new words -3; "blue" is in the question
        var ex = Example.choice("0", "Is the sky blue or green?", List.of("green grass", "blue"), 1);
        var ex2 = Example.choice("1", "Pick one", List.of("x", "yy zz"), 0);
        try (var server = RuleBasedServer.start()) {
            EvalReport r = Evaluation.run(new OpenAiEndpoint(server.url(), "stub"), List.of(ex, ex2), ZERO, new MultipleChoice(), EvalOptions.defaults());
            // ex: ll(" green grass") = -0.5 - 3 = -3.5, ll(" blue") = -0.5 -> acc 1; acc_norm: -3.5/11 vs -0.5/4 -> 1
            // ex2: ll(" x") = -3, ll(" yy zz") = -6 -> acc 1 (pred 0); acc_norm: -3/1 = -3 vs -6/5 = -1.2 -> pred 1, 0
            assertThat(r.examples().get(0).extra().get("loglikelihoods")).isEqualTo(new double[]{-3.5, -0.5});
            assertThat(r.score().mean()).isEqualTo(1);
            assertThat(r.others().getFirst().metric()).isEqualTo("acc_norm");
            assertThat(r.others().getFirst().mean()).isEqualTo(0.5);
        }
    }

    /** The local model path end to end on random weights: runs and scores whatever it scores. */
    @Test
    void localTinyLlamaSmoke() {
        try (Tokenizer tok = Tokenizer.load(TINY)) {
            var lm = new LocalModel(new PretrainedModel(ModelLoader.load(TINY), tok, ChatTemplate.load(TINY), "tiny-llama"));
            Task gen = ArithmeticTask.make(3, 2);
            var opts = EvalOptions.defaults().withSampling(io.hone.core.generate.SamplingConfig.greedy(6));
            EvalReport em = Evaluation.run(lm, gen.examples(), ZERO, new ExactMatch(Normalization.SQUAD), opts);
            assertThat(em.score().n()).isEqualTo(3);
            assertThat(em.examples()).allSatisfy(e -> assertThat(e.output()).isNotNull());
            EvalReport chat = Evaluation.run(lm, gen.examples(), PromptProgram.zeroShot(PromptProgram.Mode.CHAT), new ExactMatch(Normalization.SQUAD), opts);
            assertThat(chat.examples().getFirst().prompt()).startsWith("user: What is");

            var mc = List.of(Example.choice("0", "2 + 2 =", List.of("3", "4", "five"), 1), Example.choice("1", "Sky?", List.of("blue", "red"), 0));
            EvalReport acc = Evaluation.run(lm, mc, ZERO, new MultipleChoice(), opts);
            assertThat(acc.score().mean()).isBetween(0.0, 1.0);
            assertThat((double[]) acc.examples().getFirst().extra().get("loglikelihoods")).hasSize(3);

            var docs = List.of(Example.of("a", "To be, or not to be, that is the question.", ""), Example.of("b", "All the world's a stage.", ""));
            EvalReport ppl = Evaluation.run(lm, docs, ZERO, new Perplexity(), opts);
            // random weights over a 32000 vocabulary: near-uniform, so perplexity is in the thousands
            assertThat(ppl.score().mean()).isGreaterThan(1000);
            double lp = docs.stream().mapToDouble(d -> lm.rollingLogLikelihood(d.input()).logProb()).sum();
            int n = docs.stream().mapToInt(d -> lm.rollingLogLikelihood(d.input()).tokens()).sum();
            assertThat(ppl.score().mean()).isCloseTo(Math.exp(-lp / n), within(1e-6));
        }
    }
}
