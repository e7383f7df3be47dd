package io.hone.eval.optimize;

import io.hone.core.generate.SamplingConfig;
import io.hone.eval.ArithmeticTask;
import io.hone.eval.RuleBasedServer;
import io.hone.eval.lm.CachedModel;
import io.hone.eval.lm.LanguageModel;
import io.hone.eval.lm.OpenAiEndpoint;
import io.hone.eval.metric.ExactMatch;
import io.hone.eval.metric.Metric;
import io.hone.eval.metric.Normalization;
import io.hone.eval.metric.RegexAnswer;
import io.hone.eval.prompt.PromptProgram;
import io.hone.eval.task.Splits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each optimizer against the rule-based model over real HTTP: zero-shot it rambles (score 0); demos of the same
 * operation or an instruction to "answer with a number" make it answer right. 60 questions: 30 train, 12 dev, 18 test.
 */
class OptimizersTest {
    static final Splits SPLITS = ArithmeticTask.make(60, 11).split(0.2, 0.3, 5);
    static final Metric EM = new ExactMatch(Normalization.SQUAD);
    static final PromptProgram ZERO = PromptProgram.zeroShot(PromptProgram.Mode.COMPLETION);
    static RuleBasedServer server;
    static LanguageModel lm;

    @BeforeAll
    static void start() throws Exception {
        server = RuleBasedServer.start();
        lm = new OpenAiEndpoint(server.url(), "rule");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Optimized run(PromptOptimizer o, PromptProgram base, int budget) {
        return o.optimize(new Search(lm, SPLITS, base, EM, new Budget(budget), 3, SamplingConfig.greedy(16), null));
    }

    @Test
    void labeledFewShotFindsTheImprovement() {
        Optimized o = run(new LabeledFewShot(4), ZERO, 1000);
        assertThat(o.trace()).extracting(Trial::label).containsExactly("baseline", "labeled k=4");
        assertThat(o.trace().getFirst().devScore()).isZero();
        assertThat(o.bestTrial().devScore()).isGreaterThanOrEqualTo(0.75);
        assertThat(o.best().demos()).hasSize(4);
        assertThat(o.budgetExhausted()).isFalse();
    }

    @Test
    void bootstrapKeepsTheTeachersCorrectOutputs() {
        Optimized o = run(new BootstrapFewShot(3, 4), ZERO, 1000);
        assertThat(o.bestTrial().label()).isEqualTo("bootstrap k=3");
        assertThat(o.bestTrial().devScore()).isGreaterThanOrEqualTo(0.75);
        // the teacher's outputs (bare numbers the rule produces when it answers right) became the demos
        assertThat(o.best().demos()).allSatisfy(d -> assertThat(d.output()).matches("\\d+"));
        var inputs = SPLITS.train().stream().map(e -> e.input()).toList();
        assertThat(o.best().demos()).allSatisfy(d -> assertThat(inputs).contains(d.input()));
    }

    @Test
    void randomSearchPicksTheBestCandidateOnDevAndIsSeeded() {
        Optimized a = run(new RandomSearch(2, 8, 4), ZERO, 1000), b = run(new RandomSearch(2, 8, 4), ZERO, 1000);
        assertThat(a.trace()).hasSize(8);
        assertThat(a.trace()).extracting(Trial::label).startsWith("baseline", "labeled k=2", "bootstrap k=2");
        double max = a.trace().stream().mapToDouble(Trial::devScore).max().orElseThrow();
        assertThat(a.bestTrial().devScore()).isEqualTo(max).isGreaterThan(0.5);
        assertThat(a.trace()).isEqualTo(b.trace());
    }

    @Test
    void knnShowsSimilarTrainExamples() {
        Optimized o = run(new KnnFewShot(2), ZERO, 1000);
        assertThat(o.bestTrial().label()).isEqualTo("knn k=2");
        assertThat(o.bestTrial().devScore()).isGreaterThan(0.5);
        assertThat(o.best().knn().pool()).hasSize(SPLITS.train().size());
    }

    @Test
    void instructionSearchFromCandidatesAndOproProposals() {
        Optimized fromList = run(new InstructionSearch(List.of("Be concise.", "Answer with a number."), 0, 3), ZERO, 1000);
        assertThat(fromList.trace()).extracting(Trial::devScore).containsExactly(0.0, 0.0, 1.0);
        assertThat(fromList.best().instruction()).isEqualTo("Answer with a number.");

        var log = new ByteArrayOutputStream();
        Optimized opro = new InstructionSearch(List.of(), 3, 3).optimize(new Search(lm, SPLITS, ZERO, EM, new Budget(1000), 3,
                SamplingConfig.greedy(16), new PrintStream(log, true)));
        // the stub proposes from a fixed list, one step further per instruction already in the meta-prompt
        assertThat(opro.trace()).extracting(t -> t.program().instruction())
                .containsExactly("", RuleBasedServer.PROPOSALS.get(0), RuleBasedServer.PROPOSALS.get(1), RuleBasedServer.PROPOSALS.get(2));
        assertThat(opro.best().instruction()).isEqualTo("Answer with a number."); // ties keep the earlier candidate
        assertThat(log.toString()).contains("OPRO 2 \"Answer with a number.\"").contains("dev em 1.0000");
        String meta = server.bodies.stream().map(b -> b.path("messages").path(0).path("content").asText())
                .filter(c -> c.contains("Generate an instruction")).reduce((x, y) -> y).orElseThrow();
        assertThat(meta).contains("text:\nBe helpful and think about it.\nscore:\n0").contains("text:\nAnswer with a number.\nscore:\n100")
                .contains("input:\nQ: What is");
        assertThat(InstructionSearch.parse("Sure! <INS> Think step by step. </INS>")).isEqualTo("Think step by step.");
        assertThat(InstructionSearch.parse("\nJust answer.\nmore")).isEqualTo("Just answer.");
    }

    @Test
    void budgetStopsTheSearchAndSaysSo() {
        var log = new ByteArrayOutputStream();
        // the baseline takes 12 dev calls; the labeled candidate would need 12 more
        Optimized o = new LabeledFewShot(4).optimize(new Search(lm, SPLITS, ZERO, EM, new Budget(15), 3,
                SamplingConfig.greedy(16), new PrintStream(log, true)));
        assertThat(o.budgetExhausted()).isTrue();
        assertThat(o.callsUsed()).isEqualTo(15);
        assertThat(o.trace()).hasSize(1);
        assertThat(o.best()).isEqualTo(ZERO);
        assertThat(log.toString()).contains("budget of 15 model calls exhausted");
    }

    @Test
    void repeatedSearchThroughACacheCallsTheModelOnce() {
        var cached = new CachedModel(lm);
        int before = server.requests.get();
        var first = new RandomSearch(2, 6, 2).optimize(new Search(cached, SPLITS, ZERO, EM, new Budget(1000), 9, SamplingConfig.greedy(16), null));
        int calls = server.requests.get() - before;
        assertThat(calls).isPositive().isLessThanOrEqualTo(first.callsUsed());
        var second = new RandomSearch(2, 6, 2).optimize(new Search(cached, SPLITS, ZERO, EM, new Budget(1000), 9, SamplingConfig.greedy(16), null));
        assertThat(server.requests.get() - before).isEqualTo(calls);
        assertThat(second.trace()).isEqualTo(first.trace());
    }

    /** The claim: on the held-out test split, the optimized prompt beats zero-shot, with a paired bootstrap CI above 0. */
    @Test
    void optimizedPromptBeatsZeroShotOnHeldOutTest() {
        var report = PromptOptimization.run(new RandomSearch(3, 8, 4), lm, SPLITS, ZERO, RegexAnswer.flexible(), new Budget(400), 3,
                SamplingConfig.greedy(16), null);
        System.out.println("zero-shot test " + report.baselineTest().score());
        System.out.println("optimized test " + report.bestTest().score() + " [" + report.search().bestTrial().label() + "]");
        System.out.println("improvement    " + report.improvement());
        assertThat(report.baselineTest().score().n()).isEqualTo(18);
        assertThat(report.bestTest().score().mean()).isGreaterThan(report.baselineTest().score().mean());
        assertThat(report.improvement().ciLow()).isPositive();

        // one demo per prompt: only questions of the demo's operation come out right, so the gain is partial
        var one = PromptOptimization.run(new RandomSearch(1, 8, 1), lm, SPLITS, ZERO, RegexAnswer.flexible(), new Budget(400), 3,
                SamplingConfig.greedy(16), null);
        System.out.println("k=1: zero-shot " + one.baselineTest().score() + ", optimized " + one.bestTest().score()
                + " [" + one.search().bestTrial().label() + "], " + one.improvement());
        assertThat(one.bestTest().score().mean()).isBetween(0.2, 0.8);
        assertThat(one.improvement().ciLow()).isPositive();
    }

    /** The local path end to end: a random-weight model follows nothing, but the search runs, is budgeted and reports. */
    @Test
    void localTinyLlamaSmoke() {
        var tiny = java.nio.file.Path.of(System.getProperty("hone.fixtures", "../shared/fixtures")).resolve("tiny-llama");
        try (var local = io.hone.eval.lm.LocalModel.open(tiny, null)) {
            Splits small = ArithmeticTask.make(8, 2).split(0.25, 0.25, 1);
            var report = PromptOptimization.run(new KnnFewShot(1), local, small, ZERO, EM, new Budget(50), 0, SamplingConfig.greedy(4), null);
            assertThat(report.search().trace()).hasSize(2);
            assertThat(report.search().callsUsed()).isEqualTo(4);
            assertThat(report.bestTest().score().n()).isEqualTo(2);
        }
    }
}
