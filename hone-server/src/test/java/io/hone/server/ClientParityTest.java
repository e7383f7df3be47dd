package io.hone.server;

import io.hone.core.chat.ChatMessage;
import io.hone.core.generate.SamplingConfig;
import io.hone.core.quant.QuantConfig;
import io.hone.core.quant.QuantType;
import io.hone.core.quant.WeightFormat;
import io.hone.eval.lm.LocalModel;
import io.hone.eval.lm.LogLikelihood;
import io.hone.eval.lm.OpenAiEndpoint;
import io.hone.eval.prompt.Prompt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** hone's own OpenAI client against hone serve gives what {@link LocalModel} gives in process. */
class ClientParityTest {
    static TinyServer server;
    static LocalModel base, adapted;

    static final List<Prompt> PROMPTS = List.of(
            new Prompt.Text("The capital of France is"),
            new Prompt.Text("Once upon a time"),
            new Prompt.Text("Question: What is 2 plus 2?\nAnswer:"),
            new Prompt.Text("héllo wörld, ça va?"),
            new Prompt.Chat(List.of(new ChatMessage("user", "What is LoRA?"))),
            new Prompt.Chat(List.of(new ChatMessage("system", "Be brief."), new ChatMessage("user", "Name a colour."),
                    new ChatMessage("assistant", "Blue."), new ChatMessage("user", "Another one?"))));

    @BeforeAll
    static void start() throws Exception {
        server = TinyServer.start();
        base = LocalModel.open(TinyServer.TINY, null);
        adapted = LocalModel.open(TinyServer.TINY, TinyServer.ADAPTER);
    }

    @AfterAll
    static void stop() {
        server.close();
        base.close();
        adapted.close();
    }

    static OpenAiEndpoint client(String model) {
        return new OpenAiEndpoint(server.url(), model, null, Duration.ofSeconds(120));
    }

    @Test
    void greedyTextAndChatGenerationEqualLocalModel() {
        var endpoint = client(TinyServer.BASE);
        for (var sampling : List.of(SamplingConfig.greedy(24),
                new SamplingConfig(24, 0, 0, 1, 1, 0, List.of(" Sony", "::"), true))) {
            for (Prompt p : PROMPTS) {
                assertThat(endpoint.generate(p, sampling)).as(p.display()).isEqualTo(base.generate(p, sampling));
            }
        }
    }

    @Test
    void seededSamplingEqualsLocalModel() {
        // the client sends temperature, top_p and seed; top_k and the repetition penalty stay off on both sides
        var sampling = new SamplingConfig(20, 0.9, 0, 0.95, 1, 1234, List.of(), true);
        for (Prompt p : PROMPTS) {
            assertThat(client(TinyServer.BASE).generate(p, sampling)).as(p.display()).isEqualTo(base.generate(p, sampling));
        }
    }

    @Test
    void adapterByNameGivesTheAdaptedModelAndBaseByNameTheBase() {
        var sampling = SamplingConfig.greedy(24);
        for (Prompt p : PROMPTS) {
            String viaAdapter = client(TinyServer.LORA).generate(p, sampling);
            assertThat(viaAdapter).as(p.display()).isEqualTo(adapted.generate(p, sampling));
            assertThat(client(TinyServer.BASE).generate(p, sampling)).as(p.display()).isEqualTo(base.generate(p, sampling));
        }
        Prompt p = PROMPTS.getFirst();
        assertThat(adapted.generate(p, sampling)).as("the adapter changes the output").isNotEqualTo(base.generate(p, sampling));
    }

    /** {@code hone serve --quant nf4}: the base quantized on load, as {@code LocalModel.open(dir, adapter, quant)} loads it. */
    @Test
    void quantizedOnLoadBaseAndAdapterEqualLocalModel() throws Exception {
        var nf4 = new QuantConfig(QuantType.NF4, 64, true);
        try (var models = ServedModels.load(TinyServer.TINY, "q", Map.of("qlora", TinyServer.ADAPTER), WeightFormat.of(nf4));
             var server = HoneServer.start(models, HoneServer.Options.local(0, null));
             var localBase = LocalModel.open(TinyServer.TINY, null, nf4);
             var localAdapted = LocalModel.open(TinyServer.TINY, TinyServer.ADAPTER, nf4)) {
            var sampling = SamplingConfig.greedy(16);
            for (Prompt p : PROMPTS.subList(0, 2)) {
                var q = new OpenAiEndpoint(server.url(), "q", null, Duration.ofSeconds(120));
                var qlora = new OpenAiEndpoint(server.url(), "qlora", null, Duration.ofSeconds(120));
                assertThat(q.generate(p, sampling)).isEqualTo(localBase.generate(p, sampling));
                assertThat(qlora.generate(p, sampling)).isEqualTo(localAdapted.generate(p, sampling));
            }
            assertThat(new OpenAiEndpoint(server.url(), "q", null, Duration.ofSeconds(120)).rollingLogLikelihood("All the world's a stage.").logProb())
                    .isCloseTo(localBase.rollingLogLikelihood("All the world's a stage.").logProb(), within(1e-4));
        }
    }

    /**
     * The client counts the echoed tokens whose text offset (code points) is at or past the end of the context without
     * its trailing whitespace, which are LocalModel's continuation tokens (lm-eval's _encode_pair moves that whitespace
     * into the continuation): also for "Answer: " + "Paris" and for contexts with characters outside the BMP.
     */
    @Test
    void logLikelihoodsEqualLocalModel() {
        record Case(String context, List<String> continuations) {}
        var cases = List.of(
                new Case("The capital of France is", List.of(" Paris", " a city in Europe", " London")),
                new Case("Question: What is 2 plus 2?\nAnswer:", List.of(" 4", " four", " 22")),
                new Case("Le café est", List.of(" très bon", " fermé")),
                new Case("Question: capital of France?\nAnswer: ", List.of("Paris", "London")),
                new Case("I love 🍕 and", List.of(" pasta", " 🍝")));
        for (String model : List.of(TinyServer.BASE, TinyServer.LORA)) {
            LocalModel local = model.equals(TinyServer.BASE) ? base : adapted;
            for (Case c : cases) {
                List<LogLikelihood> want = local.logLikelihoods(new Prompt.Text(c.context()), c.continuations());
                List<LogLikelihood> got = client(model).logLikelihoods(new Prompt.Text(c.context()), c.continuations());
                for (int i = 0; i < want.size(); i++) {
                    String what = model + ": " + c.context() + " |" + c.continuations().get(i);
                    assertThat(got.get(i).logProb()).as(what).isCloseTo(want.get(i).logProb(), within(1e-4));
                    assertThat(got.get(i).tokens()).as(what).isEqualTo(want.get(i).tokens());
                    assertThat(got.get(i).greedy()).as(what).isEqualTo(want.get(i).greedy());
                }
            }
        }
    }

    @Test
    void rollingLogLikelihoodEqualsLocalModel() {
        for (String text : List.of("To be, or not to be, that is the question.", "All the world's a stage.", "x",
                "Line one\nline two\n\n  indented")) {
            LogLikelihood want = base.rollingLogLikelihood(text), got = client(TinyServer.BASE).rollingLogLikelihood(text);
            assertThat(got.logProb()).as(text).isCloseTo(want.logProb(), within(1e-4));
            assertThat(got.tokens()).as(text).isEqualTo(want.tokens());
            assertThat(got.greedy()).as(text).isEqualTo(want.greedy());
        }
    }
}
