package io.hone.core.generate;

import io.hone.core.model.KvCache;
import io.hone.core.model.LlamaModel;
import io.hone.core.model.ModelLoader;
import io.hone.core.quant.QuantConfig;
import io.hone.core.quant.WeightFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Batched decoding and prefix reuse give exactly what one sequence at a time gives: same logits bits, same ids. */
class BatchedGenerationTest {
    static final Path FIXTURES = Path.of(System.getProperty("hone.fixtures", "../shared/fixtures"));

    /** A fixture by name; a suffix -nf4, -bf16 or -int8 loads it in that inference format. */
    static LlamaModel load(String name) {
        int dash = name.lastIndexOf('-');
        WeightFormat f = switch (name.substring(dash + 1)) {
            case "nf4" -> WeightFormat.of(QuantConfig.QLORA);
            case "bf16" -> new WeightFormat.Bf16();
            case "int8" -> WeightFormat.Int8.Q8_0;
            default -> null;
        };
        return ModelLoader.load(FIXTURES.resolve(f == null ? name : name.substring(0, dash)), f);
    }

    static int[] randomIds(Random r, int n, int vocab) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = 1 + r.nextInt(vocab - 1);
        return ids;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama", "tiny-qwen2", "tiny-llama3-rope", "tiny-llama-nf4", "tiny-llama-bf16", "tiny-qwen2-bf16",
            "tiny-llama-int8", "tiny-qwen2-int8"})
    void decodeRowsDoNotDependOnTheBatch(String name) {
        LlamaModel m = load(name);
        int vocab = m.config().vocabSize(), b = 12;
        Random r = new Random(7);
        KvCache[] batch = new KvCache[b];
        KvCache[] alone = new KvCache[b];
        for (int i = 0; i < b; i++) {
            int[] prompt = randomIds(r, 3 + 5 * i, vocab);
            batch[i] = m.newCache(prompt.length + 4);
            alone[i] = m.newCache(prompt.length + 4);
            m.forward(prompt, batch[i], false, null);
            m.forward(prompt, alone[i], false, null);
        }
        for (int step = 0; step < 3; step++) {
            int[] next = randomIds(r, b, vocab);
            float[] together = m.decode(next, batch);
            for (int i = 0; i < b; i++) {
                float[] one = m.decode(new int[]{next[i]}, new KvCache[]{alone[i]});
                assertThat(Arrays.copyOfRange(together, i * vocab, (i + 1) * vocab)).as("row %d step %d", i, step).containsExactly(one);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama", "tiny-qwen2", "tiny-llama-nf4", "tiny-llama-bf16", "tiny-qwen2-int8"})
    void aPromptPrefilledAfterACopiedPrefixGivesTheSameLogits(String name) {
        LlamaModel m = load(name);
        int[] prompt = randomIds(new Random(3), 90, m.config().vocabSize());
        KvCache whole = m.newCache(prompt.length + 1);
        float[] expected = m.forward(prompt, whole, false, null);
        float[] expectedNext = m.decode(new int[]{5}, new KvCache[]{whole});
        for (int split : new int[]{1, 20, 60, 89}) {
            KvCache prefix = m.newCache(split);
            m.forward(Arrays.copyOf(prompt, split), prefix, false, null);
            KvCache c = prefix.copyPrefix(split, prompt.length + 1);
            float[] got = m.forward(Arrays.copyOfRange(prompt, split, prompt.length), c, false, null);
            assertThat(got).as("split at %d", split).containsExactly(expected);
            assertThat(m.decode(new int[]{5}, new KvCache[]{c})).containsExactly(expectedNext);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama", "tiny-qwen2", "tiny-llama-nf4", "tiny-llama-bf16", "tiny-qwen2-int8"})
    void batchedGenerationEqualsOneAtATime(String name) {
        LlamaModel m = load(name);
        int vocab = m.config().vocabSize();
        Random r = new Random(11);
        int[] shared = randomIds(r, 40, vocab);
        List<Generator.Request> requests = new ArrayList<>();
        List<SamplingConfig> configs = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            int[] own = randomIds(r, 1 + r.nextInt(12), vocab);
            int[] prompt = Arrays.copyOf(shared, shared.length + own.length);
            System.arraycopy(own, 0, prompt, shared.length, own.length);
            // greedy, sampled, different lengths; one stops early through its listener
            SamplingConfig cfg = i % 3 == 0 ? SamplingConfig.greedy(6 + i).withoutEos()
                    : new SamplingConfig(6 + i, 0.9, 20, 0.95, 1.1, 100 + i, List.of(), false);
            configs.add(cfg);
            int stopAfter = i == 4 ? 3 : Integer.MAX_VALUE;
            int[] seen = {0};
            requests.add(new Generator.Request(prompt, cfg, id -> ++seen[0] < stopAfter));
        }
        Generator g = new Generator(m);
        List<Generator.Result> together = g.generateAll(requests, Set.of(), 4);
        for (int i = 0; i < requests.size(); i++) {
            int stopAfter = i == 4 ? 3 : Integer.MAX_VALUE;
            int[] seen = {0};
            Generator.Result alone = g.generate(requests.get(i).prompt(), configs.get(i), Set.of(), id -> ++seen[0] < stopAfter);
            assertThat(together.get(i).newTokens()).as("request %d", i).containsExactly(alone.newTokens());
            assertThat(together.get(i).reason()).isEqualTo(alone.reason());
        }
        assertThat(together.get(4).reason()).isEqualTo(Generator.StopReason.STOP_STRING);
        assertThat(together.get(4).newTokens()).hasSize(3);
        assertThat(together.get(0).newTokens()).hasSize(6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama", "tiny-qwen2", "tiny-llama-nf4"})
    void sequencesPrefilledTogetherGetTheirOwnLogits(String name) {
        LlamaModel m = load(name);
        int vocab = m.config().vocabSize();
        Random r = new Random(5);
        List<int[]> chunks = new ArrayList<>();
        KvCache[] together = new KvCache[4];
        for (int s = 0; s < 4; s++) {
            chunks.add(randomIds(r, 3 + 17 * s, vocab));
            together[s] = m.newCache(80);
            if (s == 2) m.forward(randomIds(new Random(9), 10, vocab), together[s], false, null); // one continues a cache
        }
        float[] logits = m.prefill(chunks, together);
        for (int s = 0; s < 4; s++) {
            KvCache alone = m.newCache(80);
            if (s == 2) m.forward(randomIds(new Random(9), 10, vocab), alone, false, null);
            float[] expected = m.forward(chunks.get(s), alone, false, null);
            assertThat(Arrays.copyOfRange(logits, s * vocab, (s + 1) * vocab)).as("sequence %d", s).containsExactly(expected);
            assertThat(m.decode(new int[]{7}, new KvCache[]{together[s]})).containsExactly(m.decode(new int[]{7}, new KvCache[]{alone}));
        }
    }
}
