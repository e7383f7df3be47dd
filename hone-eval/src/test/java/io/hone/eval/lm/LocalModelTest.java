package io.hone.eval.lm;

import io.hone.core.chat.ChatTemplate;
import io.hone.core.generate.SamplingConfig;
import io.hone.core.generate.TextGenerator;
import io.hone.core.model.LlamaModel;
import io.hone.core.model.ModelLoader;
import io.hone.core.model.PretrainedModel;
import io.hone.core.tokenizer.Tokenizer;
import io.hone.eval.prompt.Prompt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LocalModelTest {
    static final Path TINY = Path.of(System.getProperty("hone.fixtures", "../shared/fixtures")).resolve("tiny-llama");
    static LlamaModel model;
    static Tokenizer tok;
    static LocalModel lm;

    @BeforeAll
    static void load() {
        model = ModelLoader.load(TINY);
        tok = Tokenizer.load(TINY);
        lm = new LocalModel(new PretrainedModel(model, tok, ChatTemplate.load(TINY), "tiny-llama"));
    }

    @AfterAll
    static void close() {
        tok.close();
    }

    /** Log-prob of ids[from..] given ids[..from], from one forward over the whole sequence (no KV-cache reuse). */
    static double direct(int[] ids, int from) {
        float[] logits = model.forward(Arrays.copyOf(ids, ids.length - 1), model.newCache(ids.length), true, null);
        int v = model.config().vocabSize();
        double lp = 0;
        for (int i = from; i < ids.length; i++) {
            int row = (i - 1) * v;
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < v; j++) max = Math.max(max, logits[row + j]);
            for (int j = 0; j < v; j++) sum += Math.exp(logits[row + j] - max);
            lp += logits[row + ids[i]] - max - Math.log(sum);
        }
        return lp;
    }

    @Test
    void continuationLogLikelihoodMatchesAWholeSequenceForward() {
        String ctx = "Question: What is the capital of France?\nAnswer:";
        List<String> conts = List.of(" Paris", " the city of London", " 42");
        var lls = lm.logLikelihoods(new Prompt.Text(ctx), conts);
        int[] ctxIds = tok.encode(ctx, true);
        for (int i = 0; i < conts.size(); i++) {
            int[] whole = tok.encode(ctx + conts.get(i), true);
            assertThat(lls.get(i).tokens()).isEqualTo(whole.length - ctxIds.length);
            assertThat(lls.get(i).logProb()).isCloseTo(direct(whole, ctxIds.length), within(1e-3));
            assertThat(lls.get(i).logProb()).isNegative();
        }
    }

    @Test
    void trailingContextSpaceMovesToTheContinuation() {
        var a = lm.logLikelihoods(new Prompt.Text("Answer: "), List.of("Paris")).getFirst();
        var b = lm.logLikelihoods(new Prompt.Text("Answer:"), List.of(" Paris")).getFirst();
        assertThat(a).isEqualTo(b);
    }

    @Test
    void greedyFlagAgreesWithGreedyGeneration() {
        String ctx = "Once upon a time";
        int[] ctxIds = tok.encode(ctx, true);
        int[] gen = new io.hone.core.generate.Generator(model).generate(ctxIds, SamplingConfig.greedy(3).withoutEos(), java.util.Set.of(), id -> true).newTokens();
        String greedy = tok.decode(gen, true);
        int[] whole = tok.encode(ctx + greedy, true);
        int[] expected = java.util.stream.IntStream.concat(Arrays.stream(ctxIds), Arrays.stream(gen)).toArray();
        var ll = lm.logLikelihoods(new Prompt.Text(ctx), List.of(greedy)).getFirst();
        // re-encoding decoded text can tokenize differently; the flag is about the re-encoded tokens
        assertThat(ll.greedy()).isEqualTo(Arrays.equals(whole, expected));
        assertThat(lm.logLikelihoods(new Prompt.Text(ctx), List.of(" zebra crossing")).getFirst().greedy()).isFalse();
    }

    @Test
    void rollingLogLikelihoodScoresEveryTokenAfterBos() {
        String text = "The quick brown fox jumps over the lazy dog.";
        int[] ids = tok.encode(text, true);
        var ll = lm.rollingLogLikelihood(text);
        assertThat(ll.tokens()).isEqualTo(ids.length - 1);
        assertThat(ll.logProb()).isCloseTo(direct(ids, 1), within(1e-3));
    }

    @Test
    void chatPromptsGoThroughTheTemplate() {
        var chat = new Prompt.Chat(List.of(new io.hone.core.chat.ChatMessage("user", "Hi")));
        String expected = new TextGenerator(model, tok).generate(ChatTemplate.load(TINY).render(((Prompt.Chat) chat).messages(), true),
                false, SamplingConfig.greedy(5), s -> {}).text();
        assertThat(lm.generate(chat, SamplingConfig.greedy(5))).isEqualTo(expected);
    }

    @Test
    void generateAllGivesEachPromptsOwnAnswerWithSharedPrefixAndChats() {
        String shared = "Answer in one word. Example: the sky is blue. Example: grass is green. Example: snow is white. ";
        List<Prompt> prompts = new java.util.ArrayList<>();
        String[] questions = {"What colour is coal?", "What colour is milk?", "Is fire hot?", "Name a fruit.", "Say hi.", "Count to three."};
        for (String q : questions) prompts.add(new Prompt.Text(shared + q));
        prompts.add(new Prompt.Chat(List.of(new io.hone.core.chat.ChatMessage("user", "Hello there"))));
        List<SamplingConfig> samplings = new java.util.ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            samplings.add(i % 2 == 0 ? SamplingConfig.greedy(12)
                    : new SamplingConfig(12, 0.8, 0, 0.9, 1, 40 + i, List.of("."), true));
        }
        List<String> together = lm.generateAll(prompts, samplings);
        assertThat(together).hasSize(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            assertThat(together.get(i)).as("prompt %d", i).isEqualTo(lm.generate(prompts.get(i), samplings.get(i)));
        }
        assertThat(java.util.Set.copyOf(together)).as("different prompts, different answers").hasSizeGreaterThan(1);
    }

    /** Past max_position_embeddings: the line generate and serve give (hone-core PromptLength), not a silent run. */
    @Test
    void promptPastMaxPositionEmbeddingsIsOneLine() {
        String words = String.join(" ", java.util.Collections.nCopies(300, "word"));
        String expected = "the prompt has 301 tokens; the model's context is 256 tokens (max_position_embeddings)";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> lm.generate(new Prompt.Text(words), SamplingConfig.greedy(2)))
                .isInstanceOf(io.hone.core.HoneException.class).hasMessage(expected);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> lm.generateAll(List.of(new Prompt.Text("Hi"), new Prompt.Text(words)),
                        List.of(SamplingConfig.greedy(2), SamplingConfig.greedy(2))))
                .isInstanceOf(io.hone.core.HoneException.class).hasMessage(expected);
    }
}
