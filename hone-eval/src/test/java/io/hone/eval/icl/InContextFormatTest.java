package io.hone.eval.icl;

import io.hone.core.generate.SamplingConfig;
import io.hone.eval.lm.CachedModel;
import io.hone.eval.lm.LocalModel;
import io.hone.eval.metric.ExactMatch;
import io.hone.eval.metric.Metric;
import io.hone.eval.metric.Normalization;
import io.hone.eval.optimize.Budget;
import io.hone.eval.optimize.InstructionSearch;
import io.hone.eval.optimize.PromptOptimization;
import io.hone.eval.optimize.PromptOptimizer;
import io.hone.eval.optimize.RandomSearch;
import io.hone.eval.prompt.PromptProgram;
import io.hone.eval.task.Splits;
import io.hone.eval.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prompt optimization against a real (tiny) model: {@code icl-model}, a byte-level Llama that hone pretrained on
 * {@link AnswerStyles} documents ({@code quickstart/make-icl-model.sh}). Zero-shot it answers each kind of
 * question in that kind's habitual style, so only the additions come out as the bare number the task wants;
 * answered demos or an instruction change the style. Same settings as {@code hone optimize-prompt} with its
 * defaults (seed 0, dev 0.2, test 0.3, budget 500, k 4, 8 candidates, 64 new tokens), so these are the runs whose
 * numbers hone-eval/README.md reports; only the claim is asserted (the winner beats zero-shot on the held-out test
 * split, scored outside the search, with the paired 95% CI of the gain above zero), not the numbers.
 */
class InContextFormatTest {
    static final Metric EM = new ExactMatch(Normalization.SQUAD);
    static final PromptProgram ZERO = PromptProgram.zeroShot(PromptProgram.Mode.COMPLETION);
    static final SamplingConfig GREEDY = new SamplingConfig(64, 0, 0, 1, 1, 0, List.of(), true);
    static Splits splits;
    static LocalModel local;
    static CachedModel lm;

    @BeforeAll
    static void load() {
        splits = Task.load(resource("icl/task.jsonl")).split(0.2, 0.3, 0);
        local = LocalModel.open(resource("icl-model"), null);
        lm = new CachedModel(local);
    }

    @AfterAll
    static void close() {
        local.close();
    }

    static Path resource(String name) {
        try {
            return Path.of(InContextFormatTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static PromptOptimization.Report run(PromptOptimizer optimizer) {
        return PromptOptimization.run(optimizer, lm, splits, ZERO, EM, new Budget(500), 0, GREEDY, null);
    }

    @Test
    void randomSearchOverDemosBeatsZeroShotOnTheHeldOutSplit() {
        var r = run(new RandomSearch(4, 8, 4));
        assertThat(r.search().best().demos()).isNotEmpty();
        // the demos the search kept answer with the bare number: that is what the model picks the style up from
        assertThat(r.search().best().demos()).allSatisfy(d -> assertThat(d.output()).matches("\\d+"));
        assertThat(r.bestTest().score().mean()).isGreaterThan(r.baselineTest().score().mean());
        assertThat(r.improvement().ciLow()).as("paired 95%% CI of the gain: %s", r.improvement()).isGreaterThan(0);
    }

    @Test
    void instructionSearchBeatsZeroShotOnTheHeldOutSplit() throws IOException {
        List<String> candidates = Files.readAllLines(resource("icl/instructions.txt"), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
        // no OPRO rounds: the tiny model cannot write instructions (and has no chat template)
        var r = run(new InstructionSearch(candidates, 0, 3));
        assertThat(r.search().best().instruction()).isNotBlank();
        assertThat(r.bestTest().score().mean()).isGreaterThan(r.baselineTest().score().mean());
        assertThat(r.improvement().ciLow()).as("paired 95%% CI of the gain: %s", r.improvement()).isGreaterThan(0);
    }

    @Test
    void oproRoundsOnABaseModelContinueTheMetaPromptAsText() throws IOException {
        // icl-model has no chat template: each OPRO proposal is the model's continuation after "<INS>"
        var log = new java.io.ByteArrayOutputStream();
        var r = PromptOptimization.run(new InstructionSearch(List.of("Answer with the number only."), 2, 3), lm, splits, ZERO, EM,
                new Budget(500), 0, GREEDY, new java.io.PrintStream(log, true, StandardCharsets.UTF_8));
        String trace = log.toString(StandardCharsets.UTF_8);
        for (int round = 1; round <= 2; round++) {
            assertThat(trace).containsAnyOf("OPRO " + round + " \"", "OPRO round " + round + ": no new instruction");
        }
        assertThat(r.search().best().instruction()).isNotBlank();
    }
}
