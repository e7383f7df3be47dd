package io.hone.train.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hone.core.io.SafetensorsFile;
import io.hone.core.model.LlamaModel;
import io.hone.core.model.ModelLoader;
import io.hone.core.parity.Compare;
import io.hone.train.Batch;
import io.hone.train.Param;
import io.hone.train.PeftAdapter;
import io.hone.train.TrainableModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** 10 AdamW steps on the fixture batch against torch.optim.AdamW + PEFT: every loss, then the trained tensors. */
class AdamWTrajectoryTest {
    static final Path FIXTURES = Path.of(System.getProperty("hone.fixtures", "../shared/fixtures"));

    @ParameterizedTest
    @CsvSource({"tiny-llama, lora-all-linear", "tiny-qwen2, lora-rslora-qv", "tiny-qwen2, dora-attn"})
    void trajectoryAndTrainedTensors(String model, String adapter) throws Exception {
        Path dir = FIXTURES.resolve(model).resolve(adapter);
        JsonNode ref = new ObjectMapper().readTree(dir.resolve("reference.json").toFile());
        JsonNode o = ref.get("optimizer");
        LlamaModel base = ModelLoader.load(FIXTURES.resolve(model));
        var adapted = PeftAdapter.load(dir.resolve("adapter_initial"), base.weights());
        var tm = TrainableModel.adapters(base.config(), adapted.weights());
        var batch = Batch.load(dir.resolve("batch.safetensors"));
        var opt = new AdamW(java.util.List.of(new ParamGroup(tm.params(), o.get("lr").asDouble(), o.get("weight_decay").asDouble())),
                o.get("betas").get(0).asDouble(), o.get("betas").get(1).asDouble(), o.get("eps").asDouble());
        JsonNode losses = ref.get("losses_before_each_step_then_final");
        int steps = o.get("steps").asInt();
        assertThat(losses.size()).isEqualTo(steps + 2);

        double worstLoss = 0;
        double[] got = new double[steps + 2];
        got[0] = tm.loss(batch);
        for (int s = 0; s < steps; s++) {
            tm.zeroGrad();
            got[s + 1] = tm.forwardBackward(batch);
            opt.step();
        }
        got[steps + 1] = tm.loss(batch);
        for (int i = 0; i < got.length; i++) {
            double want = losses.get(i).asDouble();
            double err = Math.abs(got[i] - want) / Math.abs(want);
            worstLoss = Math.max(worstLoss, err);
            assertThat(err).as("loss %d: %s vs %s", i, got[i], want).isLessThanOrEqualTo(1e-4);
        }

        double worstTensor = 0;
        String worstName = "";
        try (var f = SafetensorsFile.open(dir.resolve("adapter_trained/adapter_model.safetensors"))) {
            assertThat(f.names()).hasSize(tm.params().size());
            for (Param p : tm.params()) {
                double err = Compare.relNorm(p.value(), f.floats(p.name()));
                if (err > worstTensor) {
                    worstTensor = err;
                    worstName = p.name();
                }
            }
        }
        System.out.printf("%s/%s: trajectory worst loss rel err %.3e, trained tensors worst rel err %.3e (%s)%n",
                model, adapter, worstLoss, worstTensor, worstName);
        assertThat(worstTensor).as("trained tensor " + worstName).isLessThanOrEqualTo(1e-4);
    }
}
