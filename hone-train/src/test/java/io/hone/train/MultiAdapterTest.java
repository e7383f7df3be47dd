package io.hone.train;

import io.hone.core.generate.Generator;
import io.hone.core.generate.SamplingConfig;
import io.hone.core.model.LlamaModel;
import io.hone.core.model.LlamaWeights;
import io.hone.core.model.ModelLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests for the base and for different adapters decoded in one batch over {@link MultiAdapter}'s model give the
 * ids each gets alone from its own adapted model (LoRA and DoRA, prefill and decode, sampled and greedy).
 */
class MultiAdapterTest {
    static final Path FIXTURES = Path.of(System.getProperty("hone.fixtures", "../shared/fixtures"));

    @ParameterizedTest
    @CsvSource({"tiny-llama, lora-all-linear/adapter_initial, lora-all-linear/adapter_trained",
            "tiny-qwen2, lora-rslora-qv/adapter_trained, dora-attn/adapter_trained"})
    void mixedBatchGivesEachRequestItsOwnIds(String fixture, String first, String second) {
        Path dir = FIXTURES.resolve(fixture);
        LlamaModel base = ModelLoader.load(dir, (io.hone.core.quant.WeightFormat) null);
        List<LlamaWeights> adapters = List.of(PeftAdapter.load(dir.resolve(first), base.weights()).weights(),
                PeftAdapter.load(dir.resolve(second), base.weights()).weights());
        List<LlamaModel> alone = List.of(base, new LlamaModel(base.config(), adapters.get(0)), new LlamaModel(base.config(), adapters.get(1)));
        LlamaModel mixed = new LlamaModel(base.config(), MultiAdapter.weights(base.weights(), adapters));

        Random r = new Random(3);
        int vocab = base.config().vocabSize();
        List<Generator.Request> requests = new ArrayList<>();
        List<int[]> expected = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            int[] prompt = new int[2 + r.nextInt(12)];
            for (int j = 0; j < prompt.length; j++) prompt[j] = 3 + r.nextInt(vocab - 3);
            var cfg = new SamplingConfig(6 + i, i % 2 == 0 ? 0.8 : 0, 0, 1, 1, i, List.of(), false);
            int slot = i % 3;
            requests.add(new Generator.Request(prompt, cfg, id -> true, slot));
            expected.add(new Generator(alone.get(slot)).generate(prompt, cfg, Set.of(), id -> true).newTokens());
        }
        // the adapters change the output, so equal ids are not the base's ids three times
        int changed = 0;
        for (int i = 0; i < requests.size(); i++) {
            var q = requests.get(i);
            if (q.adapter() != 0 && !java.util.Arrays.equals(expected.get(i), new Generator(base).generate(q.prompt(), q.sampling(), Set.of(), id -> true).newTokens())) changed++;
        }
        assertThat(changed).isPositive();

        List<Generator.Result> together = new Generator(mixed).generateAll(requests, Set.of(), 4);
        for (int i = 0; i < requests.size(); i++) assertThat(together.get(i).newTokens()).as("request %d", i).isEqualTo(expected.get(i));
    }
}
