package io.hone.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hone.core.io.SafetensorsFile;
import io.hone.core.model.LlamaModel;
import io.hone.core.model.ModelLoader;
import io.hone.core.parity.Compare;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** LoRA / rsLoRA / DoRA forward, loss and every adapter gradient against PEFT 0.21 + transformers 5.17. */
class AdapterParityTest {
    static final Path FIXTURES = Path.of(System.getProperty("hone.fixtures", "../shared/fixtures"));

    @Test
    void loraAllLinearOnTiedBf16Llama() throws Exception {
        check("tiny-llama", "lora-all-linear", 7 * 2 * 2);
    }

    @Test
    void rsloraQvOnQwen2WithBiases() throws Exception {
        check("tiny-qwen2", "lora-rslora-qv", 2 * 2 * 2);
    }

    @Test
    void doraAttentionOnQwen2() throws Exception {
        check("tiny-qwen2", "dora-attn", 4 * 3 * 2);
    }

    static void check(String model, String adapter, int expectedParams) throws Exception {
        Path dir = FIXTURES.resolve(model).resolve(adapter);
        LlamaModel base = ModelLoader.load(FIXTURES.resolve(model));
        var adapted = PeftAdapter.load(dir.resolve("adapter_initial"), base.weights());
        var tm = TrainableModel.adapters(base.config(), adapted.weights());
        var batch = Batch.load(dir.resolve("batch.safetensors"));
        assertThat(tm.params()).hasSize(expectedParams);

        float[] logits = tm.logits(batch);
        float[] refLogits;
        try (var f = SafetensorsFile.open(dir.resolve("adapter_forward.safetensors"))) {
            refLogits = f.floats("logits");
        }
        double logitErr = Compare.maxAbsDiff(logits, 0, refLogits, 0, refLogits.length);
        double logitTol = 1e-4 * Math.max(1, Compare.maxAbs(refLogits));

        double refLoss = new ObjectMapper().readTree(dir.resolve("reference.json").toFile()).get("initial_loss").asDouble();
        double loss = tm.forwardBackward(batch);
        double lossErr = Math.abs(loss - refLoss) / Math.abs(refLoss);

        double worst = 0;
        String worstName = "";
        try (var g = SafetensorsFile.open(dir.resolve("adapter_grads.safetensors"))) {
            var expectKeys = new TreeSet<>(g.names());
            var gotKeys = new TreeSet<String>();
            for (Param p : tm.params()) {
                String key = gradKey(p.name());
                gotKeys.add(key);
                assertThat(p.shape()).as(key).containsExactly(g.shape(key));
                double err = Compare.relNorm(p.grad(), g.floats(key));
                assertThat(err).as("grad " + key).isLessThanOrEqualTo(1e-4);
                if (err > worst) {
                    worst = err;
                    worstName = key;
                }
            }
            assertThat(gotKeys).isEqualTo(expectKeys);
        }
        var ckpt = TrainableModel.adapters(base.config(), adapted.weights()).checkpointing(true);
        var plainGrads = tm.params().stream().map(p -> p.grad().clone()).toList();
        ckpt.zeroGrad();
        assertThat(ckpt.forwardBackward(batch)).as("loss with checkpointing").isEqualTo(loss);
        for (int i = 0; i < plainGrads.size(); i++) assertThat(ckpt.params().get(i).grad()).containsExactly(plainGrads.get(i));

        System.out.printf("%s/%s: logits max err %.3e (tol %.1e), loss %.8f vs %.8f rel err %.3e, worst grad rel err %.3e (%s)%n",
                model, adapter, logitErr, logitTol, loss, refLoss, lossErr, worst, worstName);
        assertThat(logitErr).as("logits max |diff|").isLessThanOrEqualTo(logitTol);
        assertThat(lossErr).as("loss relative error").isLessThanOrEqualTo(1e-5);
    }

    /** PEFT saves the DoRA magnitude as {@code lora_magnitude_vector}; as a parameter it is {@code ...vector.weight}. */
    static String gradKey(String name) {
        return name.endsWith(".lora_magnitude_vector") ? name + ".weight" : name;
    }
}
